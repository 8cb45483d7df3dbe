# Balcão: one image for Fly.io or any Docker host. The app runs as one Node process with the SQLite
# database and the media files under /data (a volume).

FROM node:20-bookworm-slim AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false
WORKDIR /app

# All dependencies; better-sqlite3 compiles from source when no prebuilt binary matches.
FROM base AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci

# Runtime dependencies only (tsx is one: it runs server.ts).
FROM deps AS prod-deps
RUN npm prune --omit=dev

# The Remix build (build/server and build/client).
FROM deps AS build
COPY . .
RUN npm run build

FROM base AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
  PORT=3000 \
  DATABASE_PATH=/data/balcao.db \
  MEDIA_DIR=/data/media
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
# server.ts and server/ (the request edge) import app/utils directly, migrations are applied at
# start from db/migrations, and
# scripts/ holds create-admin and reset-password (`npm run create-admin -- …` inside the machine).
COPY package.json package-lock.json tsconfig.json server.ts ./
COPY server ./server
COPY app ./app
COPY db ./db
COPY public ./public
COPY scripts ./scripts

VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Same as `npx tsx server.ts`, but node itself is PID 1: npx exits on SIGTERM without passing it on,
# which would skip server.ts's graceful shutdown (tested: the server was left orphaned).
CMD ["node", "--import", "tsx", "server.ts"]
