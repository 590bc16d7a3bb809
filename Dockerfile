# syntax=docker/dockerfile:1
# Leafy Bank Open Finance: the web app with its emulated banks, in two stages: the SDK builds,
# the smaller ASP.NET runtime image runs as the non-root user the .NET images define ($APP_UID).
#   docker build -t leafybank .
#   docker compose up          # the app with MongoDB, see compose.yaml

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY LeafyBank.Core/LeafyBank.Core.csproj LeafyBank.Core/
COPY LeafyBank.Sandbox/LeafyBank.Sandbox.csproj LeafyBank.Sandbox/
COPY LeafyBank.DevIdentityProvider/LeafyBank.DevIdentityProvider.csproj LeafyBank.DevIdentityProvider/
COPY LeafyBank.Web/LeafyBank.Web.csproj LeafyBank.Web/
RUN dotnet restore LeafyBank.Web/LeafyBank.Web.csproj
COPY LeafyBank.Core/ LeafyBank.Core/
COPY LeafyBank.Sandbox/ LeafyBank.Sandbox/
COPY LeafyBank.DevIdentityProvider/ LeafyBank.DevIdentityProvider/
COPY LeafyBank.Web/ LeafyBank.Web/
RUN dotnet publish LeafyBank.Web/LeafyBank.Web.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
# The data directory holds the embedded store (when MONGODB_URI is unset), the banks' sandbox
# data and the app's keys: a volume, owned by the user the app runs as.
RUN mkdir /data && chown "$APP_UID" /data && chmod 0700 /data
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:5080 \
    LEAFYBANK_DATA_DIR=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/data"]
# 5080: the app and its emulated banks; 5081: the development identity provider (demo sign-in).
EXPOSE 5080 5081
USER $APP_UID
ENTRYPOINT ["dotnet", "LeafyBank.Web.dll"]
