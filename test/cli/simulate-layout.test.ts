/**
 * `simulate --layout`: the pure DES models the layout as the physics twin's line model does
 * (conveyor nodes, humanoid walking), and says so when a scenario has nothing to model.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';

const REPO = join(import.meta.dirname, '..', '..');

async function twin(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTty: false });
  return { code, stdout, stderr };
}

describe('twin simulate --layout', () => {
  it('reports each conveyor among the buffers and changes the line (its belts buffer parts)', async () => {
    const args = ['simulate', join(REPO, 'scenes/assembly-line/scenario.json'), '--replications', '2', '--length', '20000', '--json'];
    const plain = await twin(...args);
    const laid = await twin(...args, '--layout');
    expect(laid.code, laid.stderr).toBe(0);
    const a = JSON.parse(plain.stdout), b = JSON.parse(laid.stdout);
    const ids = (r: { buffers: { id: string }[] }) => r.buffers.map((x) => x.id);
    expect(ids(a).some((id: string) => id.startsWith('conveyor:'))).toBe(false);
    expect(ids(b)).toContain('conveyor:c-kits-press');
    expect(ids(b).filter((id: string) => id.startsWith('conveyor:'))).toHaveLength(13);
    // Parts on belts are work in process.
    expect(b.wip.mean).toBeGreaterThan(a.wip.mean);
  });

  it('exits 2 naming the flag when the scenario has no layout to model', async () => {
    const r = await twin('simulate', join(REPO, 'scenes/benchmarks/serial-10.json'), '--layout');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--layout: .*serial-10.json has no layout.conveyors or layout.humanoids to model/);
  });
});
