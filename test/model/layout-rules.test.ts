/**
 * One test per layout rule (docs/scenario-format.md "Layout"): each breaks the serial line's
 * layout in one way and expects an issue at exactly that path whose message names the rule.
 */
import { describe, expect, it } from 'vitest';
import { compileLayout } from '../../engine/model/layout-compile';
import { validateScenario } from '../../engine/model/validate';
import type { Doc } from './fixtures';
import { expectIssue, expectValid } from './helpers';
import { assemblyLine, serialLine } from './layout-fixtures';

const edited = (edit: (d: Doc) => void): Doc => {
  const doc = serialLine();
  edit(doc);
  return doc;
};
type Case = [string, (d: Doc) => void, string, string];

describe('the serial line fixture', () => {
  it('is valid', () => expectValid(serialLine()));
});

describe('shape', () => {
  it.each<Case>([
    ['units are metres only', (d) => { d.layout.units = 'mm'; }, 'layout.units', 'must be "m"'],
    ['units are required', (d) => { delete d.layout.units; }, 'layout.units', 'must be "m"'],
    ['a layout is an object', (d) => { d.layout = []; }, 'layout', 'must be an object'],
    ['NaN coordinate', (d) => { d.layout.nodes.s1.position[0] = NaN; }, 'layout.nodes.s1.position[0]', 'must be a number, got NaN'],
    ['infinite coordinate', (d) => { d.layout.nodes.s1.position[1] = Infinity; }, 'layout.nodes.s1.position[1]', 'must be a finite number'],
    ['huge coordinate', (d) => { d.layout.nodes.s1.position[1] = 1e6; }, 'layout.nodes.s1.position[1]', 'must be <= 1000'],
    ['huge negative path point', (d) => { d.layout.aisles[0].path[1][0] = -1e300; }, 'layout.aisles[0].path[1][0]', 'must be >= -1000'],
    ['a point has two coordinates', (d) => { d.layout.nodes.s1.position = [1, 2, 3]; }, 'layout.nodes.s1.position', 'must be a point [x, y]'],
    ['a heading is in degrees, ±360', (d) => { d.layout.nodes.s1.heading = 720; }, 'layout.nodes.s1.heading', 'must be <= 360'],
    ['footprint sides are > 0', (d) => { d.layout.nodes.s1.footprint = [-2, 1]; }, 'layout.nodes.s1.footprint[0]', 'must be > 0'],
    ['footprint is [length, width]', (d) => { d.layout.nodes.s1.footprint = [2]; }, 'layout.nodes.s1.footprint', 'must be [length, width]'],
    ['negative conveyor width', (d) => { d.layout.conveyors[0].width = -0.5; }, 'layout.conveyors[0].width', 'must be > 0'],
    ['negative conveyor speed', (d) => { d.layout.conveyors[0].speedMetersPerSecond = -1; }, 'layout.conveyors[0].speedMetersPerSecond', 'must be > 0'],
    ['zero conveyor speed', (d) => { d.layout.conveyors[0].speedMetersPerSecond = 0; }, 'layout.conveyors[0].speedMetersPerSecond', 'must be > 0'],
    ['accumulating is a boolean', (d) => { d.layout.conveyors[0].accumulating = 'yes'; }, 'layout.conveyors[0].accumulating', 'must be a boolean'],
    ['zero part spacing', (d) => { d.layout.conveyors[2].partSpacing = 0; }, 'layout.conveyors[2].partSpacing', 'must be > 0'],
    ['conveyor path of one point', (d) => { d.layout.conveyors[0].path = [[0, 0]]; }, 'layout.conveyors[0].path', 'must have at least 2 items'],
    ['aisle path of one point', (d) => { d.layout.aisles[0].path = [[0, 0]]; }, 'layout.aisles[0].path', 'must have at least 2 items'],
    ['aisle path of no points', (d) => { d.layout.aisles[0].path = []; }, 'layout.aisles[0].path', 'must have at least 2 items'],
    ['aisle width > 0', (d) => { d.layout.aisles[0].width = 0; }, 'layout.aisles[0].width', 'must be > 0'],
    ['a misspelt key', (d) => { d.layout.conveyors[0].widht = 1; }, 'layout.conveyors[0]', 'unknown key "widht" (did you mean "width"?)'],
    ['an unknown top-level layout key', (d) => { d.layout.floor = {}; }, 'layout', 'unknown key "floor"'],
    ['robot base below the floor', (d) => { d.layout.robots[0].basePose.position[2] = -0.1; }, 'layout.robots[0].basePose.position[2]', 'must be >= 0'],
    ['robot base is [x, y, z]', (d) => { d.layout.robots[0].basePose.position = [1, 2]; }, 'layout.robots[0].basePose.position', 'must be a point [x, y, z]'],
    ['walk speed > 0', (d) => { d.layout.humanoids[0].walkSpeed = 0; }, 'layout.humanoids[0].walkSpeed', 'must be > 0'],
    ['humanoid height 0.5–3 m', (d) => { d.layout.humanoids[0].height = 17; }, 'layout.humanoids[0].height', 'must be <= 3'],
    ['at most 20000 conveyor path points in all', (d) => {
      const path = Array.from({ length: 100 }, (_, k) => [k / 10, 0]);
      d.layout.conveyors = Array.from({ length: 201 }, (_, k) => ({ ...d.layout.conveyors[0], id: `c${k}`, path }));
    }, 'layout.conveyors', 'must have at most 20000 path points in all (has 20100)'],
    ['a node key is an id', (d) => { d.layout.nodes['s 1'] = d.layout.nodes.s1; }, 'layout.nodes["s 1"]', 'key may only contain'],
  ])('%s', (_, edit, path, fragment) => void expectIssue(edited(edit), path, fragment));
});

describe('URDF paths: relative to scenes/, inside it, ending in .urdf', () => {
  it.each([
    ['/etc/robots/ur5.urdf', 'must be relative to scenes/, not absolute'],
    ['C:/robots/ur5.urdf', 'must be relative to scenes/, not absolute'],
    ['\\\\server\\ur5.urdf', 'must be relative to scenes/, not absolute'],
    ['../robots/ur5.urdf', 'must not contain ".."'],
    ['robots/../../secret.urdf', 'must not contain ".."'],
    ['robots/..', 'must not contain ".."'],
    ['robots\\ur5.urdf', 'may only contain letters, digits and _ . - separated by single "/"'],
    ['robots//ur5.urdf', 'separated by single "/"'],
    ['robots/ur 5.urdf', 'may only contain'],
    ['robots/ur5.xml', 'must end with ".urdf"'],
    ['robots/ur5.URDF', 'must end with ".urdf"'],
    ['', 'must not be empty'],
  ])('%j', (urdf, fragment) => {
    const errors = expectIssue(edited((d) => { d.layout.robots[0].urdf = urdf; }), 'layout.robots[0].urdf', fragment);
    expect(errors.filter((e) => e.path === 'layout.robots[0].urdf')).toHaveLength(1); // the first problem only
  });
  it.each(['robots/ur5.urdf', 'robots/panda_arm.urdf', 'my-cell/v1.2/arm.urdf', 'arm.urdf', '..arm.urdf'])('%j is fine', (urdf) => {
    expectValid(edited((d) => { d.layout.robots[0].urdf = urdf; }));
  });
});

describe('references', () => {
  it.each<Case>([
    ['a placement of an unknown node', (d) => { d.layout.nodes.s9 = { position: [20, 0], heading: 0 }; }, 'layout.nodes.s9', 'unknown node "s9"'],
    ['a conveyor from an unknown node', (d) => { d.layout.conveyors[0].from = 'nope'; }, 'layout.conveyors[0].from', 'unknown node "nope"'],
    ['a conveyor to an unknown node', (d) => { d.layout.conveyors[0].to = 'nope'; }, 'layout.conveyors[0].to', 'unknown node "nope"'],
    ['a conveyor on no link', (d) => { d.layout.conveyors[1].to = 's2'; }, 'layout.conveyors[1]', 'realises no link: links has no ["s1", "s2"]'],
    ['a conveyor against the link', (d) => { d.layout.conveyors[1].from = 'b1'; d.layout.conveyors[1].to = 's1'; },
      'layout.conveyors[1]', 'realises no link: links has no ["b1", "s1"]'],
    ['two conveyors on one link', (d) => { d.layout.conveyors.push({ ...d.layout.conveyors[1], id: 'c2b' }); },
      'layout.conveyors[4]', 'link ["s1", "b1"] already has conveyor "c2" (layout.conveyors[1])'],
    ['a duplicate conveyor id', (d) => { d.layout.conveyors[1].id = 'c1'; }, 'layout.conveyors[1].id', 'duplicate id "c1" (also layout.conveyors[0])'],
    ['a conveyor to a node the layout does not place', (d) => { delete d.layout.nodes.b1; },
      'layout.conveyors[1].to', 'node "b1" is not placed (layout.nodes has no entry for it)'],
    ['a robot at an unknown node', (d) => { d.layout.robots[0].station = 's7'; }, 'layout.robots[0].station', 'unknown node "s7"'],
    ['a robot at a buffer', (d) => { d.layout.robots[0].station = 'b1'; }, 'layout.robots[0].station', '"b1" is a buffer, not a station'],
    ['a robot at an unplaced station', (d) => { delete d.layout.nodes.s2; d.layout.conveyors.splice(2, 2); d.layout.robots[0].station = 's2'; },
      'layout.robots[0].station', 'station "s2" is not placed'],
    ['a duplicate robot id', (d) => { d.layout.robots.push({ ...d.layout.robots[0] }); }, 'layout.robots[1].id', 'duplicate id "arm"'],
    ['a humanoid of an unknown pool', (d) => { d.layout.humanoids[0].pool = 'ghosts'; }, 'layout.humanoids[0].pool', 'unknown worker pool "ghosts"'],
    ['a humanoid of a human pool', (d) => { d.layout.humanoids[0].pool = 'people'; },
      'layout.humanoids[0].pool', 'pool "people" is human: a humanoid agent needs a humanoid pool'],
    ['more humanoids than the pool has', (d) => { d.layout.humanoids.push({ id: 'h2', pool: 'robo', walkSpeed: 1 }); },
      'layout.humanoids[1].pool', 'pool "robo" has 1 operators: this is agent 2'],
    ['a duplicate humanoid id', (d) => { d.workers[1].count = 2; d.layout.humanoids.push({ ...d.layout.humanoids[0] }); },
      'layout.humanoids[1].id', 'duplicate id "h1"'],
    ['a duplicate aisle id', (d) => { d.layout.aisles.push({ ...d.layout.aisles[0] }); }, 'layout.aisles[1].id', 'duplicate id "walk" (also layout.aisles[0])'],
  ])('%s', (_, edit, path, fragment) => void expectIssue(edited(edit), path, fragment));
});

describe('geometry', () => {
  it.each<Case>([
    // s2 (x 5…7, y ±0.75) moved to x 2.5: it overlaps s1 (x 1…3) by 1.5 m.
    ['overlapping station footprints', (d) => { d.layout.nodes.s2.position = [2.5, 0.5]; }, 'layout.nodes.s2', 'footprint overlaps "s1"'],
    ['overlap with a rotated footprint', (d) => { d.layout.nodes.b1.footprint = [1.6, 0.2]; d.layout.nodes.b1.heading = 45; d.layout.nodes.b1.position = [3.5, 0.5]; },
      'layout.nodes.b1', 'footprint overlaps "s1"'],
    // path end 0.8 m short of the point b1 at x 4.
    ['a path that ends away from a point node', (d) => { d.layout.conveyors[1].path = [[3, 0], [3.2, 0]]; },
      'layout.conveyors[1].path[1]', 'does not connect to "b1": 0.80 m from its position (at most 0.5 m)'],
    // path start 0.7 m beyond s1's right edge (x 3).
    ['a path that starts away from a footprint', (d) => { d.layout.conveyors[1].path = [[3.7, 0], [4, 0]]; },
      'layout.conveyors[1].path[0]', 'does not connect to "s1": 0.70 m from its footprint (at most 0.5 m)'],
    // 0.6 m beyond the corner (3, 0.75) diagonally: hypot(0.36, 0.48) = 0.6.
    ['a path that starts off a footprint corner', (d) => { d.layout.conveyors[1].path = [[3.36, 1.23], [4, 0]]; },
      'layout.conveyors[1].path[0]', 'does not connect to "s1": 0.60 m from its footprint'],
    ['a straight conveyor between nodes at one place', (d) => { d.layout.nodes.b1.position = [2, 0]; },
      'layout.conveyors[1]', 'has zero length: "s1" and "b1" are at the same position'],
    // b1 on s1's edge: nothing left between them.
    ['a straight conveyor with no room', (d) => { d.layout.nodes.b1.position = [3, 0]; },
      'layout.conveyors[1]', 'has zero length: no room between the footprints of "s1" and "b1"'],
    ['a path with a repeated point', (d) => { d.layout.conveyors[1].path = [[3, 0], [3, 0], [4, 0]]; },
      'layout.conveyors[1].path[1]', 'zero length: the same point as path[0]'],
    ['an aisle with a repeated point', (d) => { d.layout.aisles[0].path = [[0, -2], [5, -2], [5, -2]]; },
      'layout.aisles[0].path[2]', 'zero length: the same point as path[1]'],
    // s2 shrunk to 0.4 × 0.4 at (3.5, 0.3): y 0.1…0.5 under c2's belt (x 3…4, y ±0.25).
    ['a conveyor through another footprint', (d) => { d.layout.nodes.s2 = { position: [3.5, 0.3], heading: 0, footprint: [0.4, 0.4] }; },
      'layout.conveyors[1]', 'crosses the footprint of "s2"'],
  ])('%s', (_, edit, path, fragment) => void expectIssue(edited(edit), path, fragment));

  it('ends within the tolerance connect', () => {
    // 0.45 m off s1's edge, 0.36 m from the point b1.
    expectValid(edited((d) => { d.layout.conveyors[1].path = [[3.45, 0.2], [3.8, 0.2], [3.8, 0.3]]; }));
  });

  it('footprints may touch, edge to edge and corner to edge', () => {
    expectValid(edited((d) => {
      d.layout.conveyors = [];
      d.layout.nodes.s2.position = [4, 0]; // x 3…5: its left edge is s1's right edge
      // A square of side √2 turned 45° whose corner (5, 0) touches s2's right edge.
      d.layout.nodes.b1 = { position: [6, 0], heading: 45, footprint: [Math.SQRT2, Math.SQRT2] };
    }));
  });

  it('names a few nodes per issue, however many there are', () => {
    const doc = edited((d) => {
      d.layout.conveyors = [];
      // All five nodes (in, s1, b1, s2, out in that order) stacked at one place.
      for (const id of ['in', 'b1', 'out']) d.layout.nodes[id] = { position: [2, 0], heading: 0, footprint: [0.5, 0.5] };
      d.layout.nodes.s2.position = [2, 0];
    });
    expect(validateScenario(doc)).toEqual({
      ok: false,
      errors: [
        { path: 'layout.nodes.s1', message: 'footprint overlaps "in"' },
        { path: 'layout.nodes.b1', message: 'footprint overlaps "in", "s1"' },
        { path: 'layout.nodes.s2', message: 'footprint overlaps "in", "s1", "b1"' },
        { path: 'layout.nodes.out', message: 'footprint overlaps "in", "s1", "b1" and 1 more' },
      ],
    });
  });

  it('names every footprint a conveyor crosses, once', () => {
    const doc = edited((d) => {
      d.layout.nodes.b1.footprint = [0.4, 2];
      d.layout.nodes.out.footprint = [1, 2]; // x 8…9
      // c1 from the point in around the line and back into s1: along x = 9 (out), y = 0.5 (s2, b1).
      d.layout.conveyors[0].path = [[0, 0], [0, 3], [9, 3], [9, 0.5], [2.5, 0.5]];
    });
    const r = validateScenario(doc);
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'layout.conveyors[0]', message: 'crosses the footprints of "b1", "s2", "out"' }]);
  });

  it('reports each overlap once, on the later node', () => {
    const r = validateScenario(edited((d) => { d.layout.nodes.s2.position = [2, 0]; d.layout.conveyors = []; }));
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'layout.nodes.s2', message: 'footprint overlaps "s1"' }]);
  });
});

describe('compileLayout errors (the part it is given)', () => {
  const compile = (edit: (d: Doc) => void, part?: { lengthM: number; widthM: number; heightM: number; massKg: number }) => {
    const r = validateScenario(edited(edit));
    if (!r.ok) throw new Error('expected a valid scenario');
    return compileLayout(r.value, { part });
  };
  it('a belt narrower than the part', () => {
    expect(compile((d) => { d.layout.conveyors[0].width = 0.15; })).toEqual({
      ok: false, errors: [{ path: 'layout.conveyors[0].width', message: 'is narrower than the part (0.2 m wide)' }],
    });
  });
  it('queued parts closer than a part length', () => {
    const r = compile(() => {}, { lengthM: 0.5, widthM: 0.2, heightM: 0.1, massKg: 1 });
    expect(r).toEqual({
      ok: false,
      errors: [{ path: 'layout.conveyors[2].partSpacing', message: 'is less than the part length (0.5 m): queued parts would overlap' }],
    });
  });
  it('an unvalidated scenario with a broken layout gets the validator\'s errors', () => {
    const doc = serialLine();
    doc.layout.nodes.s2.position = [2, 0];
    const r = compileLayout(doc);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toContainEqual({ path: 'layout.nodes.s2', message: 'footprint overlaps "s1"' });
  });
});

describe('speeds too small to give a finite time', () => {
  it('a denormal belt speed is refused on the conveyor', () => {
    const doc = assemblyLine() as unknown as { layout: { conveyors: { speedMetersPerSecond: number }[] } };
    doc.layout.conveyors[1].speedMetersPerSecond = 5e-324;
    const r = validateScenario(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => e.path === 'layout.conveyors[1].speedMetersPerSecond')).toBe(true);
  });
});
