import { Identity1796358400000 } from './1796358400000-Identity';
import { Integrations1796400000000 } from './1796400000000-Integrations';
import { Deployments1796500000000 } from './1796500000000-Deployments';

/** Every migration, in order. Listed explicitly so the compiled app, the CLI and the tests run the same set. */
export const migrations = [Identity1796358400000, Integrations1796400000000, Deployments1796500000000];
