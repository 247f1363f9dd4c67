// The ceiling for `npm run bench -- agents`: a bare NestJS app on the Express platform with one POST route at the
// agents' check-in path answering what an idle check-in answers. No database, no validation, no guards, no
// interceptors, no helmet, no request logging, logger off: what Nest and Express cost alone on this machine.
// Started as its own process (`node --import tsx tools/bench/bare-nest.ts [port]`); prints its URL when ready.
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

const IDLE = { actions: [], nextCheckInSeconds: 60, checkInIntervalSeconds: 60 };

@Controller('api/v1/agent')
class BareCheckInController {
  @Post('check-in')
  @HttpCode(200)
  checkIn(): typeof IDLE {
    return IDLE;
  }
}

@Module({ controllers: [BareCheckInController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
  await app.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(`bare-nest listening on http://127.0.0.1:${port}\n`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void app.close().then(() => process.exit(0), () => process.exit(1)));
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
