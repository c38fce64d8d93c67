import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZip } from '../../lambda/zip';

describe('createZip', () => {
  const entries = [
    { name: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n'.repeat(50)) },
    { name: 'index.js.map', data: Buffer.from('{"version":3}') },
  ];

  it('writes an archive that unzip reads back byte for byte', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zip-test-')), 'bundle.zip');
    writeFileSync(file, createZip(entries));
    execFileSync('unzip', ['-tq', file]);
    expect(execFileSync('unzip', ['-p', file, 'index.js']).toString()).toBe(entries[0].data.toString());
    expect(execFileSync('unzip', ['-p', file, 'index.js.map']).toString()).toBe('{"version":3}');
  });

  it('is deterministic: the same files in any order give the same bytes', () => {
    expect(createZip(entries).equals(createZip([...entries].reverse()))).toBe(true);
    expect(createZip(entries).equals(createZip([entries[0]]))).toBe(false);
  });
});
