import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@tsunagu/db';
import type { Config } from './config.ts';
import docs from './plugins/docs.ts';
import errors from './plugins/errors.ts';
import events from './plugins/events.ts';
import jobs from './plugins/jobs.ts';
import auth from './plugins/auth.ts';
import origin from './plugins/origin.ts';
import realtime from './plugins/realtime.ts';
import security from './plugins/security.ts';
import spa from './plugins/spa.ts';
import { validatorCompiler } from './plugins/validation.ts';
import features from './features/index.ts';
import mail from './features/mail/plugin.ts';
import type { App, RouteInfo } from './types.ts';

export interface BuildOptions {
  config: Config;
  database: Database;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the application without listening: tests call `inject`, server.ts listens. */
export async function buildApp({ config, database, logger }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>() as App;
  app.setValidatorCompiler(validatorCompiler);

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('routeCatalog', [] as RouteInfo[]);

  // Every API route must say who may call it and describe its input: refuse to start otherwise.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || !route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) continue;
      const access = route.config?.access;
      if (access === undefined)
        throw new Error(`Route ${method} ${route.url} does not declare config.access`);
      if (!route.config?.operationId)
        throw new Error(
          `Route ${method} ${route.url} is not registered from a contract (see lib/operation-routes.ts)`,
        );
      app.routeCatalog.push({
        method,
        url: route.url,
        access,
        schema: route.schema as Record<string, unknown> | undefined,
        rawBody: route.config?.rawBody === true,
      });
    }
  });

  await app.register(errors);
  await app.register(security);
  await app.register(docs);
  await app.register(events);
  await app.register(auth);
  await app.register(origin);
  await app.register(jobs);
  await app.register(mail);
  await app.register(realtime);
  await app.register(features);
  await app.register(spa);
  return app;
}
