import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutSchematic, type LayoutInput } from '../../web/ui/schematic-layout';

const serial = (n: number): LayoutInput => {
  const nodes: LayoutInput['nodes'] = [{ id: 'in', type: 'source' }];
  for (let i = 1; i <= n; i++) nodes.push({ id: `s${i}`, type: 'station' });
  nodes.push({ id: 'out', type: 'sink' });
  const links = nodes.slice(1).map((node, i): [string, string] => [nodes[i].id, node.id]);
  return { nodes, links };
};

describe('layoutSchematic', () => {
  it('puts a serial line in one row, left to right, in flow order', () => {
    const layout = layoutSchematic(serial(4));
    const ys = new Set(layout.boxes.map((b) => b.y));
    expect(ys.size).toBe(1);
    for (let i = 1; i < layout.boxes.length; i++) expect(layout.boxes[i].x).toBeGreaterThan(layout.boxes[i - 1].x);
    expect(layout.boxes.map((b) => b.column)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(layout.edges.every((e) => !e.back && /^M[\d.,]+ H[\d.]+$/.test(e.d))).toBe(true);
  });

  it('gives parallel stations their own rows in the same column (longest path from the source)', () => {
    const input: LayoutInput = {
      nodes: [
        { id: 'in', type: 'source' },
        { id: 'b', type: 'buffer' },
        { id: 'a1', type: 'station' },
        { id: 'a2', type: 'station' },
        { id: 'a3', type: 'station' },
        { id: 'late', type: 'station' },
        { id: 'out', type: 'sink' },
      ],
      links: [
        ['in', 'b'],
        ['b', 'a1'],
        ['b', 'a2'],
        ['b', 'a3'],
        ['a1', 'out'],
        ['a2', 'late'],
        ['late', 'out'],
        ['a3', 'out'],
      ],
    };
    const { boxes } = layoutSchematic(input);
    const [, , a1, a2, a3, late, out] = boxes;
    expect([a1.column, a2.column, a3.column]).toEqual([2, 2, 2]);
    expect(new Set([a1.row, a2.row, a3.row])).toEqual(new Set([0, 1, 2]));
    expect(late.column).toBe(3);
    expect(out.column).toBe(4); // the longest path, not the shortest
    // Rows are centred on the line's axis.
    expect((a1.y + a3.y) / 2).toBeCloseTo(boxes[0].y);
  });

  it('lays a rework loop after the station and draws its return as a back edge below the line', () => {
    const input: LayoutInput = {
      nodes: [
        { id: 'in', type: 'source' },
        { id: 'test', type: 'station' },
        { id: 'shelf', type: 'buffer' },
        { id: 'fix', type: 'station' },
        { id: 'next', type: 'station' },
        { id: 'out', type: 'sink' },
      ],
      links: [
        ['in', 'test'],
        ['test', 'next'],
        ['next', 'out'],
        ['shelf', 'fix'],
        ['fix', 'test'],
      ],
      rework: [{ from: 'test', to: 'shelf' }],
    };
    const layout = layoutSchematic(input);
    const [, test, shelf, fix, next] = layout.boxes;
    expect(shelf.column).toBe(test.column + 1);
    expect(fix.column).toBe(test.column + 2);
    expect(shelf.y).toBeGreaterThan(next.y - 1); // the rework branch sits below the main flow
    const back = layout.edges.filter((e) => e.back);
    expect(back).toHaveLength(1);
    expect(input.nodes[back[0].from].id).toBe('fix');
    expect(layout.edges.find((e) => e.rework)?.back).toBe(false);
    expect(layout.height).toBeGreaterThan(fix.y + fix.h / 2);
  });

  it('survives cycles without sources, self-loops and unknown ids', () => {
    const layout = layoutSchematic({
      nodes: [
        { id: 'a', type: 'station' },
        { id: 'b', type: 'station' },
      ],
      links: [
        ['a', 'b'],
        ['b', 'a'],
        ['a', 'a'],
        ['a', 'ghost'],
      ],
    });
    expect(layout.boxes).toHaveLength(2);
    expect(layout.edges).toHaveLength(3);
    expect(layout.boxes.every((b) => Number.isFinite(b.x) && Number.isFinite(b.y))).toBe(true);
    expect(layoutSchematic({ nodes: [], links: [] }).boxes).toEqual([]);
  });

  it('lays out the shipped scenes with every node inside the drawing', () => {
    for (const file of ['scenes/benchmarks/serial-10.json', 'scenes/assembly-line/scenario.json']) {
      let doc: { nodes: LayoutInput['nodes']; links: [string, string][] };
      try {
        doc = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        continue; // not written yet
      }
      const layout = layoutSchematic({ nodes: doc.nodes, links: doc.links });
      for (const b of layout.boxes) {
        expect(b.x - b.w / 2).toBeGreaterThanOrEqual(0);
        expect(b.x + b.w / 2).toBeLessThanOrEqual(layout.width);
        expect(b.y - b.h / 2).toBeGreaterThanOrEqual(0);
        expect(b.y + b.h / 2).toBeLessThanOrEqual(layout.height);
      }
    }
  });
});
