/**
 * The physical layout in the scenario (issue 4 item 1): the default scene's floor plan validates
 * and compiles into a physics layout the world can be built from; documents without a layout
 * stay valid; the shipped JSON Schema describes the layout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../engine/model/validate';
import { compileLayout, DEFAULT_PART } from '../../engine/model/layout-compile';
import { BELT_HEIGHT_M } from '../../engine/model/layout-schema';
import { jsonSchemaText, SCHEMA_FILE } from '../../engine/model/write-schema';
import type { Scenario } from '../../engine/model/types';
import { checkPhysicalLayout } from '../../workers/physics-layout-check';
import { createPhysicsWorld } from '../../engine/physics/world';
import { designExample, validScenario } from './fixtures';
import { expectValid } from './helpers';
import { assemblyLine, SCENES_DIR, serialLine } from './layout-fixtures';

function valid(doc: unknown): Scenario {
  const r = validateScenario(doc);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.value;
}

function compiled(doc: unknown) {
  const r = compileLayout(valid(doc));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.value;
}

describe('the default scene (scenes/assembly-line) has a physical layout', () => {
  it('validates and keeps the layout unchanged', () => {
    const doc = assemblyLine();
    expect(valid(doc)).toEqual(doc);
  });

  it('is a realistic floor plan: stations 1.5–3 m apart, conveyors on links, an aisle loop, robots, a humanoid', () => {
    const doc = assemblyLine();
    const layout = doc.layout;
    expect(layout.units).toBe('m');
    const s = valid(doc);
    // Every node is placed; every conveyor is on a link.
    expect(Object.keys(layout.nodes).sort()).toEqual(s.nodes.map((n) => n.id).sort());
    const links = new Set(s.links.map((l) => JSON.stringify(l)));
    for (const c of layout.conveyors) expect(links.has(JSON.stringify([c.from, c.to]))).toBe(true);
    // Gaps between the footprints of the stations along the first leg (x edges): press, screw, assembly.
    const edges = (id: string, length: number) => [layout.nodes[id].position[0] - length / 2, layout.nodes[id].position[0] + length / 2];
    const [press, screw, assembly] = [edges('press', 2.0), edges('screw', 2.5), edges('assembly', 2.4)];
    for (const gap of [screw[0] - press[1], assembly[0] - screw[1]]) {
      expect(gap).toBeGreaterThanOrEqual(1.5);
      expect(gap).toBeLessThanOrEqual(3);
    }
    const loop = layout.aisles.find((a: { path: number[][] }) => JSON.stringify(a.path[0]) === JSON.stringify(a.path.at(-1)));
    expect(loop).toBeDefined();
    const robotAt = Object.fromEntries(layout.robots.map((r: { station: string; urdf: string }) => [r.station, r.urdf]));
    expect(robotAt.screw).toBe('robots/ur5.urdf');
    expect(robotAt['pack-a']).toBe('robots/panda_arm.urdf');
    for (const r of layout.robots) expect(existsSync(`${SCENES_DIR}${r.urdf}`), r.urdf).toBe(true);
    expect(layout.humanoids.map((h: { pool: string }) => h.pool)).toEqual(['humanoid']);
  });

  it('compiles into a physics layout the physics worker accepts', () => {
    const c = compiled(assemblyLine());
    expect(checkPhysicalLayout(c.physics)).toEqual([]);
    expect(c.physics.part).toEqual(DEFAULT_PART);
    expect(c.conveyors).toHaveLength(13);
    // Straight conveyors give one section named like the conveyor; a path of n points n − 1 sections.
    const split = c.conveyors.find((x) => x.id === 'c-split-pack-a')!;
    expect(split.sections.map((i) => c.physics.conveyors[i].id)).toEqual(['c-split-pack-a#1', 'c-split-pack-a#2']);
    expect(split.lengthM).toBeCloseTo(0.75 + 1.95, 12);
    expect(c.physics.conveyors).toHaveLength(c.conveyors.reduce((n, x) => n + x.sections.length, 0));
    for (const belt of c.physics.conveyors) {
      expect(belt.from[2]).toBe(BELT_HEIGHT_M);
      expect(belt.to[2]).toBe(BELT_HEIGHT_M);
    }
    // Sections of one conveyor join end to start.
    const sections = split.sections.map((i) => c.physics.conveyors[i]);
    expect(sections[0].to).toEqual(sections[1].from);
    expect(c.robots.map((r) => [r.station, r.urdf])).toEqual([
      ['screw', 'robots/ur5.urdf'], ['pack-a', 'robots/panda_arm.urdf'], ['pack-b', 'robots/panda_arm.urdf'],
    ]);
    expect(c.robots[0].yawRad).toBeCloseTo(-Math.PI / 2, 12);
    expect(c.humanoids).toEqual([{ id: 'humanoid-1', pool: 'humanoid', poolIndex: 1, heightM: 1.75, walkSpeedMetersPerSecond: 1.2 }]);
    expect(c.aisles.find((a) => a.id === 'perimeter')).toMatchObject({ closed: true, lengthM: 2 * (19 + 11.5) });
    // The floor (centred on the origin) holds everything placed.
    const [fx, fy] = c.physics.floor.sizeM;
    for (const a of c.aisles) for (const [x, y] of a.path) expect(Math.abs(x) + a.widthM / 2 <= fx / 2 && Math.abs(y) + a.widthM / 2 <= fy / 2).toBe(true);
  });
});

describe('compileLayout by hand (the serial line)', () => {
  it('runs straight conveyors from footprint edge to footprint edge at belt height', () => {
    const c = compiled(serialLine());
    const ends = c.physics.conveyors.map((b) => [b.id, b.from[0], b.to[0], b.from[1], b.to[1]]);
    expect(ends).toEqual([['c1', 0, 1, 0, 0], ['c2', 3, 4, 0, 0], ['c3', 4, 5, 0, 0], ['c4', 7, 8.5, 0, 0]]);
    expect(c.conveyors.map((x) => [x.id, x.link, x.linkIndex, x.lengthM, x.transportSeconds, x.partSpacingM])).toEqual([
      ['c1', ['in', 's1'], 0, 1, 2, 0.3], ['c2', ['s1', 'b1'], 1, 1, 2, 0.3],
      ['c3', ['b1', 's2'], 2, 1, 4, 0.4], ['c4', ['s2', 'out'], 3, 1.5, 3, 0.3],
    ]);
    expect(c.nodes.map((n) => [n.id, n.footprint])).toEqual([
      ['in', null], ['s1', [2, 1.5]], ['b1', null], ['s2', [2, 1.5]], ['out', null],
    ]);
    // Extent: the aisle reaches |x| = 9 + 0.6 and |y| = 2 + 0.6; plus 2 m of margin each side.
    expect(c.physics.floor.sizeM).toEqual([2 * 11.6, 2 * 4.6]);
    expect(c.humanoids[0].heightM).toBe(1.75);
  });

  it('turns a heading into the footprint direction: a station turned 90° is long in y', () => {
    const doc = serialLine();
    doc.layout.nodes.s2 = { position: [6, 0], heading: 90 }; // now x 5.25…6.75
    const c = compiled(doc);
    const c3 = c.physics.conveyors[2];
    expect([c3.from[0], c3.to[0]]).toEqual([4, 5.25]);
    expect(c.nodes[3].headingRad).toBeCloseTo(Math.PI / 2, 12);
  });

  it('builds a physics world in which a part rides c3 in length / speed', async () => {
    const c = compiled(serialLine());
    const world = await createPhysicsWorld(c.physics, { maxParts: 4 });
    expect(world.spawnPart('c3')).toBe(0);
    const arrivals = new Int32Array(8);
    let step = -1;
    // Only arrivals at c3's end count: c2 ends where c3 starts (at the point b1), so its end sensor
    // also reports the part put down there, in the first step (docs/scenario-format.md "Layout").
    for (let k = 0; k < 600 && step < 0; k++) {
      const n = world.step(arrivals);
      for (let i = 0; i < n; i++) if (arrivals[2 * i + 1] === 2) step = world.stepCount;
    }
    expect(Math.abs(step / 60 - c.conveyors[2].transportSeconds)).toBeLessThanOrEqual(1 / 60);
    world.free();
  });

  it('places only some nodes: the others are simply not physical', () => {
    const doc = serialLine();
    doc.layout = { units: 'm', nodes: { s1: { position: [0, 0], heading: 0 } } };
    const c = compiled(doc);
    expect(c.nodes.map((n) => n.id)).toEqual(['s1']);
    expect(c.physics.conveyors).toEqual([]);
    expect(c.physics.floor.sizeM).toEqual([2 * 3, 2 * 2.75]);
  });

  it('accepts a layout with units only', () => {
    expect(compiled({ ...designExample(), layout: { units: 'm' } }).nodes).toEqual([]);
  });
});

describe('docs/scenario-format.md', () => {
  it('the Layout section\'s example is valid on the DESIGN §9 line and compiles', () => {
    const text = readFileSync(new URL('../../docs/scenario-format.md', import.meta.url), 'utf8');
    const section = text.slice(text.indexOf('\n## Layout\n'));
    const block = /```json\n([\s\S]*?)\n```/.exec(section)![1];
    const doc = { ...designExample(), workers: [{ id: 'humanoids', kind: 'humanoid', count: 1 }], ...JSON.parse(`{${block}}`) };
    expect(Object.keys(doc.layout)).toEqual(['units', 'nodes', 'conveyors', 'aisles', 'robots', 'humanoids']);
    const c = compiled(doc);
    expect(c.physics.conveyors.map((b) => b.id)).toEqual(['c1', 'c2#1', 'c2#2', 'c2#3']);
  });
});

describe('format v1 without a layout', () => {
  it.each([
    ['the DESIGN §9 example', designExample()],
    ['the full example', validScenario()],
    ['the benchmark scene', JSON.parse(readFileSync(`${SCENES_DIR}benchmarks/serial-10.json`, 'utf8'))],
    ['the default scene without its layout', (() => { const d = assemblyLine(); delete d.layout; return d; })()],
  ])('%s stays valid', (_, doc) => void expectValid(doc));

  it('has nothing to compile', () => {
    expect(compileLayout(designExample())).toEqual({
      ok: false, errors: [{ path: 'layout', message: 'required: the scenario has no physical layout' }],
    });
  });

  it('a layout key on any other object is still an opaque extension key', () => {
    const doc = serialLine();
    doc.nodes[1].layout = { x: 3 };
    doc.run.layout = 'anything';
    expect(valid(doc)).toEqual(doc);
  });
});

describe('shipped JSON Schema', () => {
  it('equals a fresh generation', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(jsonSchemaText());
  });

  it('describes the layout', () => {
    const schema = JSON.parse(jsonSchemaText());
    expect(schema.properties.layout).toEqual({ $ref: '#/$defs/Layout' });
    expect(schema.$defs.Layout.required).toEqual(['units']);
    expect(schema.$defs.Layout.properties.units).toEqual({ type: 'string', const: 'm' });
    for (const def of ['NodePlacement', 'Conveyor', 'Aisle', 'Robot', 'Humanoid', 'UrdfPath', 'Point2']) {
      expect(schema.$defs[def], def).toBeDefined();
    }
    expect(schema.$defs.Conveyor.required).toEqual(['id', 'from', 'to', 'width', 'speedMetersPerSecond', 'accumulating']);
  });
});
