import { RequestMethod, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { AppException } from './common/app.exception';
import { createValidationPipe } from './common/validation';

/** Builds the whole HTTP app; main.ts and the integration tests share it, so tests run what production runs. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy ? true : 'loopback');
  app.disable('x-powered-by');
  app.use(
    helmet({
      // Halo shows the technician tab in an iframe: framing is allowed for Halo's origins only (CSP frame-ancestors),
      // so X-Frame-Options, which cannot list origins, is off.
      frameguard: false,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Angular and Swagger UI add component styles at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: config.frameAncestors,
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(cookieParser());
  app.use(express.json({ limit: '1mb' }));
  // A body that is not JSON is a 400 naming the body, through the same error format as every other bad input.
  app.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    next((err as { type?: string } | null)?.type === 'entity.parse.failed' ? AppException.validation([{ field: 'body', message: 'not valid JSON' }]) : err);
  });
  app.setGlobalPrefix('api', { exclude: [{ path: 'docs', method: RequestMethod.ALL }] });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(createValidationPipe());

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Entitle API')
      .setDescription('Deploy software to the computers of HaloPSA customers according to what they pay for.')
      .setVersion(config.version)
      .addCookieAuth('entitle_session')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a personal API token (ent_...)' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs/openapi.json' });

  if (config.webDir) serveWebApp(app, config.webDir);
  return app;
}

/** The built Angular app at `/`, with every non-API GET falling back to index.html for client-side routes. */
function serveWebApp(app: NestExpressApplication, webDir: string): void {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) throw new Error(`ENTITLE_WEB_DIR: ${index} does not exist; build the web app (npx nx build web)`);
  // Files whose names carry a content hash (main-AB12CD34.js) never change: cache them for a year. Others revalidate.
  const assets = express.static(webDir, {
    index: false,
    setHeaders: (res, file) => res.setHeader('Cache-Control', /-[A-Z0-9]{8}\.[a-z0-9]+$/i.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api')) return next();
    if (req.path === '/' || req.path === '/index.html') return sendIndex(res, index);
    return assets(req, res, () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      // Missing files with an extension are real 404s, not routes.
      if (/\.[a-z0-9]+$/i.test(req.path)) return res.status(404).type('text/plain').send('Not found');
      sendIndex(res, index);
    });
  });
}

function sendIndex(res: Response, index: string): void {
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(index);
}
