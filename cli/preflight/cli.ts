/**
 * `npm run preflight -- --url mysql://… [--databases a,b] [--schema-file file.sql] [--json]`:
 * checks a server against the zero-ETL requirements. Exit 0 all pass, 1 a requirement fails,
 * 2 cannot connect or bad arguments.
 */
import {
  EXIT_CODES,
  exitCodeFor,
  PreflightError,
  renderHuman,
  renderJson,
  runPreflight,
} from '../../shared/preflight';
import { parsePreflightArgs, USAGE } from './args';

async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parsePreflightArgs(argv);
    if (command.help) {
      console.log(USAGE);
      return EXIT_CODES.ok;
    }
    const report = await runPreflight(command.options);
    console.log(command.json ? renderJson(report) : renderHuman(report));
    return exitCodeFor(report);
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    console.error(`preflight: ${error.message}`);
    return EXIT_CODES.unusable;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('preflight: unexpected error:', error);
    process.exitCode = EXIT_CODES.unusable;
  },
);
