# syntax=docker/dockerfile:1
# Coach worker image: restore, build, test, publish, then a small runtime image running as a non-root user.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# restore first, from the project files only, so the layer is reused until a dependency changes
COPY Coach.sln Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Coach.Core/Coach.Core.csproj src/Coach.Core/
COPY src/Coach.Charts/Coach.Charts.csproj src/Coach.Charts/
COPY src/Coach.Storage/Coach.Storage.csproj src/Coach.Storage/
COPY src/Coach.Discord/Coach.Discord.csproj src/Coach.Discord/
COPY src/Coach.Slack/Coach.Slack.csproj src/Coach.Slack/
COPY src/Coach.Worker/Coach.Worker.csproj src/Coach.Worker/
COPY tests/ tests/
RUN find tests -type f ! -name '*.csproj' -delete && dotnet restore Coach.sln
COPY . .
RUN dotnet build Coach.sln -c Release --no-restore

FROM build AS test
# the PostgreSQL store tests are skipped here (no server in the build); CI runs them with .ci/run
RUN dotnet test Coach.sln -c Release --no-build

FROM build AS publish
# ReadyToRun: Coach's code is compiled ahead of time, so the worker starts without JIT-compiling it
RUN dotnet publish src/Coach.Worker -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# the progress picture draws its text in DejaVu Sans; without a font its labels would be blank
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=publish /app ./
COPY config/appsettings.json ./config/appsettings.json
# the SQLite file lives on a volume; PostgreSQL deployments set Storage__Provider and Storage__ConnectionString instead
ENV Storage__ConnectionString="Data Source=/data/coach.db" \
    Health__Port=8080 \
    Health__Address=0.0.0.0 \
    DOTNET_NOLOGO=1
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME ["/data"]
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "/app/coach.dll", "health"]
ENTRYPOINT ["dotnet", "/app/coach.dll"]
