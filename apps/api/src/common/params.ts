import { ParseUUIDPipe } from '@nestjs/common';
import { AppException } from './app.exception';

/** A UUID path parameter whose 400 names it, like every other bad input. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => AppException.validation([{ field: name, message: 'must be a UUID' }]) });
}
