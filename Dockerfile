# Kreisportal – production image. Build: docker build -t kreisportal .
# Run:   docker run -p 3000:3000 -e DATABASE_URL=… -e SESSION_SECRET=… -e PUBLIC_URL=https://… kreisportal
# Compiles TypeScript to JavaScript in a build stage; the runtime stage holds only production
# dependencies (no tsx, no embedded PostgreSQL, no demo mail server) and runs dist/ with plain node.
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Only the compiler is needed here: no install scripts (no native builds, no PostgreSQL binaries).
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

FROM node:26-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Dependency install scripts are allow-listed in package.json ("allowScripts").
RUN npm ci --omit=dev && npm cache clean --force

FROM node:26-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 VAR_DIR=/app/var
# V8 keeps compiled code here: a restart skips compiling the ~600 modules again (issue 13, ADR 0046).
ENV NODE_COMPILE_CACHE=/app/var/compile-cache
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY data ./data
COPY public ./public
# Course folders (data, read at run time by the learning module; ADR 0036)
COPY src/modules/learning/courses ./src/modules/learning/courses
RUN mkdir -p /app/var && chown node:node /app/var
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations run at start; one-off tasks: node dist/scripts/migrate.js, node dist/scripts/createAdmin.js --email …
CMD ["node", "--enable-source-maps", "dist/src/server.js"]
