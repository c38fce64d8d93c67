/**
 * Paths the user typed, resolved where the user typed them. `npm run <script>` runs in the project
 * root whatever the shell's directory was, and records that directory in INIT_CWD: a CLI reached
 * through npm resolves `--plan plan.json` against INIT_CWD, as the user meant it.
 */
import { isAbsolute, resolve } from 'node:path';

export function userPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD || process.cwd(), path);
}
