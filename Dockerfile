# syntax=docker/dockerfile:1
# Multi-stage: compile TypeScript in a full Node image, run from a slim one as a non-root user.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY bin ./bin
COPY schemas ./schemas
COPY example-repo ./example-repo
RUN npx tsc -p tsconfig.json --outDir dist --rootDir . \
 && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
# git for local repositories, openssh-client for conversion hosts, ipmitool for BMCs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ipmitool ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system stackshift && useradd --system --gid stackshift --home /var/lib/stackshift --create-home stackshift
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/package.json ./
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/example-repo ./example-repo
ENV NODE_ENV=production STACKSHIFT_STATE=/var/lib/stackshift/state
USER stackshift
VOLUME ["/var/lib/stackshift"]
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/stackshift.js"]
CMD ["daemon", "--listen", "0.0.0.0:8080"]
