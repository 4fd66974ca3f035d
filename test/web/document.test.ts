/**
 * The editor's document store (web/state/document.ts): every action undoes to the same document
 * (deep-equal and the same JSON text) and redoes to the one after; snapping, drag gestures, loads
 * that fail without touching the session, validation by path.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenarioJson, validateScenario } from '../../engine/model/validate';
import type { Scenario } from '../../engine/model/types';
import {
  createDocumentStore, newScenario, normaliseAngle, pathIsUnder, snap, snapAngle, type DocumentStore,
} from '../../web/state/document';

const SCENE_TEXT = readFileSync(new URL('../../scenes/assembly-line/scenario.json', import.meta.url), 'utf8');
const parsed = parseScenarioJson(SCENE_TEXT, 'scenario.json');
if (!parsed.ok) throw new Error('the default scene does not validate');
const SCENE: Scenario = parsed.value;

const fresh = (): DocumentStore => createDocumentStore(SCENE, { fileName: 'scenario.json' });
const json = (s: DocumentStore) => JSON.stringify(s.document.value);
const issuesText = (s: DocumentStore) => s.issues.value.map((i) => `${i.path}: ${i.message}`);

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(isDeepFrozen);
}

/** Every action of the store on the default scene: [name, action]. Each must change the document. */
const ACTIONS: [string, (s: DocumentStore) => unknown][] = [
  ['moveNode', (s) => s.moveNode('press', [3.1, 0.4])],
  ['moveNode (conveyor path ends follow)', (s) => s.moveNode('split', [14, 6.5])],
  ['moveNode (robot follows)', (s) => s.moveNode('screw', [8, 0.5])],
  ['moveNode (places an unplaced node)', (s) => (s.unplaceNode('pack-a'), s.moveNode('pack-a', [10, 9]))],
  ['rotateNode', (s) => s.rotateNode('test', 45)],
  ['rotateNode (robot turns)', (s) => s.rotateNode('screw', 180)],
  ['rotateNode (path ends turn)', (s) => s.rotateNode('split', 90)],
  ['turnNode', (s) => s.turnNode('b1', 90)],
  ['setFootprint', (s) => s.setFootprint('press', [2.2, 1.6])],
  ['setFootprint (remove)', (s) => s.setFootprint('kits', undefined)],
  ['unplaceNode', (s) => s.unplaceNode('pack-a')],
  ['addNode station (free spot)', (s) => s.addNode('station')],
  ['addNode buffer', (s) => s.addNode('buffer', [1.1, 3.9])],
  ['addNode source', (s) => s.addNode('source')],
  ['addNode sink', (s) => s.addNode('sink', [-3, -3])],
  ['removeNode pack-b', (s) => s.removeNode('pack-b')],
  ['removeNode b1 (conveyors with path spacing)', (s) => s.removeNode('b1')],
  ['removeNode rework-shelf (a rework target)', (s) => s.removeNode('rework-shelf')],
  ['removeNode test (many links)', (s) => s.removeNode('test')],
  ['removeNode screw (a robot station)', (s) => s.removeNode('screw')],
  ['renameNode', (s) => s.renameNode('b2', 'buffer-2')],
  ['renameNode (a rework target, placement key order)', (s) => s.renameNode('rework-shelf', 'shelf')],
  ['setNodeField cycle.mean', (s) => s.setNodeField('press', ['cycle', 'mean'], 40)],
  ['setNodeField name (remove a key in the middle)', (s) => s.setNodeField('press', ['name'], undefined)],
  ['setNodeField capacity', (s) => s.setNodeField('b1', ['capacity'], 3)],
  ['setNodeField failure ttr', (s) => s.setNodeField('press', ['failures', 0, 'ttr'], { dist: 'constant', value: 60 })],
  ['setNodeField operators.count', (s) => s.setNodeField('assembly', ['operators', 'count'], 2)],
  ['setNodeField operators.pools', (s) => s.setNodeField('assembly', ['operators', 'pools'], ['assemblers'])],
  ['setNodeField calendar (remove)', (s) => s.setNodeField('press', ['calendar'], undefined)],
  ['setNodeField setup (remove)', (s) => s.setNodeField('press', ['setup'], undefined)],
  ['setNodeField rework', (s) => s.setNodeField('test', ['rework', 'probability'], 0.05)],
  ['setNodeField interarrival (add)', (s) => s.setNodeField('kits', ['interarrival'], { dist: 'exponential', mean: 30 })],
  ['connect', (s) => s.connect('b1', 'b3')],
  ['connect (probability route gets a weight)', (s) => (s.setRoute('split', 'probability'), s.connect('split', 'shipping'))],
  ['disconnect', (s) => s.disconnect('split', 'pack-a')],
  ['disconnect (removes its conveyor)', (s) => s.disconnect('b1', 'screw')],
  ['addConveyor (new link)', (s) => s.addConveyor('kits', 'b3')],
  ['addConveyor (existing link)', (s) => s.addConveyor('rework-shelf', 'rework')],
  ['removeConveyor', (s) => s.removeConveyor('c-press-b1')],
  ['setConveyorField', (s) => s.setConveyorField('c-kits-press', ['speedMetersPerSecond'], 0.5)],
  ['setConveyorField (remove partSpacing)', (s) => s.setConveyorField('c-b1-screw', ['partSpacing'], undefined)],
  ['setRoute probability', (s) => s.setRoute('split', 'probability')],
  ['setRoute firstAvailable (removes route)', (s) => s.setRoute('split', 'firstAvailable')],
  ['addFailure', (s) => s.addFailure('screw')],
  ['removeFailure (last one)', (s) => s.removeFailure('press', 0)],
  ['setRun seed', (s) => s.setRun('seed', 7)],
  ['setRun startTime (remove)', (s) => s.setRun('startTime', undefined)],
  ['setScenarioField name', (s) => s.setScenarioField('name', 'Renamed')],
  ['setScenarioField description (remove)', (s) => s.setScenarioField('description', '')],
  ['addCalendar', (s) => s.addCalendar()],
  ['addCalendar with id', (s) => s.addCalendar('nights')],
  ['removeCalendar (and its references)', (s) => s.removeCalendar('plant')],
  ['renameCalendar', (s) => s.renameCalendar('day-shifts', 'days')],
  ['setCalendarField', (s) => s.setCalendarField('plant', ['plannedDowntime', 0, 'end'], '06:15')],
  ['addShift', (s) => s.addShift('day-shifts')],
  ['removeShift', (s) => s.removeShift('day-shifts', 0)],
  ['setShiftField name (remove)', (s) => s.setShiftField('day-shifts', 1, 'name', '')],
  ['setShiftField end', (s) => s.setShiftField('plant', 0, 'end', '23:00')],
  ['addBreak', (s) => s.addBreak('plant', 0)],
  ['removeBreak (last one)', (s) => s.removeBreak('day-shifts', 0, 0)],
  ['addDowntime', (s) => s.addDowntime('day-shifts')],
  ['removeDowntime (last one)', (s) => s.removeDowntime('ghost-shift', 0)],
  ['addWorkerPool', (s) => s.addWorkerPool('humanoid')],
  ['removeWorkerPool (operators of a station)', (s) => s.removeWorkerPool('assemblers')],
  ['removeWorkerPool (a humanoid agent)', (s) => s.removeWorkerPool('humanoid')],
  ['renameWorkerPool', (s) => s.renameWorkerPool('assemblers', 'people')],
  ['setWorkerField count', (s) => s.setWorkerField('assemblers', 'count', 5)],
  ['setWorkerField calendar (remove)', (s) => s.setWorkerField('humanoid', 'calendar', undefined)],
  ['setIn', (s) => s.setIn(['products', 0, 'name'], 'Gear motor')],
  ['load', (s) => s.load(JSON.stringify(newScenario()), 'new.json')],
];

describe('document store: every action undoes to the same document and redoes', () => {
  it.each(ACTIONS)('%s', (_name, action) => {
    const s = fresh();
    const before = s.document.value;
    const beforeJson = json(s);
    const beforeText = s.save();
    action(s);
    const after = s.document.value;
    const afterJson = json(s);
    expect(afterJson).not.toBe(beforeJson);
    expect(s.canUndo.value).toBe(true);
    expect(isDeepFrozen(after)).toBe(true);
    // However many steps the action took, undoing them all gives the document before.
    let steps = 0;
    while (s.undo()) steps++;
    expect(steps).toBeGreaterThan(0);
    expect(s.document.value).toEqual(before);
    expect(json(s)).toBe(beforeJson);
    expect(s.save()).toBe(beforeText);
    expect(isDeepFrozen(s.document.value)).toBe(true);
    for (let i = 0; i < steps; i++) expect(s.redo()).toBe(true);
    expect(s.canRedo.value).toBe(false);
    expect(s.document.value).toEqual(after);
    expect(json(s)).toBe(afterJson);
  });

  it('an action that changes nothing leaves no undo step', () => {
    const s = fresh();
    const before = s.document.value;
    expect(s.moveNode('nowhere', [1, 1])).toBe(false);
    expect(s.moveNode('kits', [0.1, 0])).toBe(false); // where it stands, on the grid
    expect(s.connect('kits', 'press')).toBe(false); // exists
    expect(s.connect('press', 'press')).toBe(false); // a loop
    expect(s.disconnect('kits', 'shipping')).toBe(false);
    expect(s.renameNode('b1', 'b2')).toBe(false); // taken
    expect(s.renameNode('b1', 'bad id')).toBe(false);
    expect(s.setNodeField('press', ['id'], 'x')).toBe(false);
    expect(s.removeShift('plant', 0)).toBe(false); // a calendar keeps one shift
    expect(s.document.value).toBe(before);
    expect(s.canUndo.value).toBe(false);
    expect(s.revision.value).toBe(0);
  });

  it('a new edit clears redo; revision counts every change', () => {
    const s = fresh();
    s.moveNode('press', [3, 0]);
    s.moveNode('press', [3.5, 0]);
    expect(s.revision.value).toBe(2);
    s.undo();
    expect(s.canRedo.value).toBe(true);
    expect(s.redoLabel.value).toBe('Move press');
    s.setRun('seed', 3);
    expect(s.canRedo.value).toBe(false);
    expect(s.revision.value).toBe(4);
    expect(s.undoLabel.value).toBe('Edit run.seed');
  });
});

/** A random action, its arguments resolved against the document when it runs. */
type Op = { op: number; a: number; b: number; x: number; y: number };
const OPS: ((s: DocumentStore, o: Op) => unknown)[] = (() => {
  const nodeAt = (s: DocumentStore, i: number) => {
    const nodes = s.document.value.nodes;
    return nodes.length ? nodes[i % nodes.length].id : 'none';
  };
  const calAt = (s: DocumentStore, i: number) => {
    const ids = Object.keys(s.document.value.calendars ?? {});
    return ids.length ? ids[i % ids.length] : 'none';
  };
  const poolAt = (s: DocumentStore, i: number) => {
    const ids = (s.document.value.workers ?? []).map((w) => w.id);
    return ids.length ? ids[i % ids.length] : 'none';
  };
  const kinds = ['station', 'buffer', 'source', 'sink'] as const;
  return [
    (s, o) => s.moveNode(nodeAt(s, o.a), [o.x, o.y]),
    (s, o) => s.rotateNode(nodeAt(s, o.a), o.x * 12),
    (s, o) => s.addNode(kinds[o.b % 4], o.b % 2 ? [o.x, o.y] : undefined),
    (s, o) => s.removeNode(nodeAt(s, o.a)),
    (s, o) => s.connect(nodeAt(s, o.a), nodeAt(s, o.b)),
    (s, o) => s.disconnect(nodeAt(s, o.a), nodeAt(s, o.b)),
    (s, o) => s.addConveyor(nodeAt(s, o.a), nodeAt(s, o.b)),
    (s, o) => s.renameNode(nodeAt(s, o.a), `n${o.b}`),
    (s, o) => s.setNodeField(nodeAt(s, o.a), ['name'], o.b % 3 ? `name ${o.b}` : undefined),
    (s, o) => s.setNodeField(nodeAt(s, o.a), ['cycle', 'mean'], o.x),
    (s, o) => s.setNodeField(nodeAt(s, o.a), ['capacity'], o.b % 5 ? o.b % 7 : undefined),
    (s, o) => s.setRoute(nodeAt(s, o.a), (['firstAvailable', 'roundRobin', 'probability'] as const)[o.b % 3]),
    (s, o) => (o.b % 2 ? s.addFailure(nodeAt(s, o.a)) : s.removeFailure(nodeAt(s, o.a), 0)),
    (s, o) => s.unplaceNode(nodeAt(s, o.a)),
    (s, o) => s.setRun('seed', o.b),
    (s, o) => (o.b % 2 ? s.addCalendar() : s.removeCalendar(calAt(s, o.a))),
    (s, o) => (o.b % 2 ? s.addShift(calAt(s, o.a)) : s.removeShift(calAt(s, o.a), o.b % 3)),
    (s, o) => s.setShiftField(calAt(s, o.a), 0, 'name', o.b % 2 ? `shift ${o.b}` : ''),
    (s, o) => (o.b % 2 ? s.addWorkerPool() : s.removeWorkerPool(poolAt(s, o.a))),
    (s, o) => s.renameWorkerPool(poolAt(s, o.a), `pool${o.b}`),
    (s, o) => s.renameCalendar(calAt(s, o.a), `cal${o.b}`),
    (s) => s.beginGesture(),
    (s) => s.endGesture(),
    (s) => s.undo(),
    (s) => s.redo(),
  ];
})();

const opArb: fc.Arbitrary<Op> = fc.record({
  op: fc.nat(OPS.length - 1),
  a: fc.nat(50),
  b: fc.nat(50),
  x: fc.double({ min: -30, max: 30, noNaN: true }),
  y: fc.double({ min: -30, max: 30, noNaN: true }),
});

describe('document store: property', () => {
  it('any sequence of actions, undone to the start, gives the initial document; redone, the final one', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const s = fresh();
        const initial = json(s);
        for (const o of ops) OPS[o.op](s, o);
        s.endGesture();
        const final = s.document.value;
        const finalJson = json(s);
        let steps = 0;
        while (s.undo()) steps++;
        expect(json(s)).toBe(initial);
        expect(s.document.value).toEqual(SCENE);
        for (let i = 0; i < steps; i++) s.redo();
        expect(s.document.value).toEqual(final);
        expect(json(s)).toBe(finalJson);
      }),
      { numRuns: 150 },
    );
  });
});

describe('snapping', () => {
  it('snap rounds to the grid without float noise; grid 0 is off', () => {
    expect(snap(3.13, 0.25)).toBe(3.25);
    expect(snap(-0.1, 0.25)).toBe(0);
    expect(Object.is(snap(-0.1, 0.25), -0)).toBe(false);
    expect(snap(0.29, 0.1)).toBe(0.3);
    expect(snap(7.7, 1)).toBe(8);
    expect(snap(1.23456789, 0)).toBe(1.234568);
  });

  it('moveNode snaps to the store grid, which is configurable', () => {
    const s = fresh();
    s.moveNode('press', [3.13, 0.37]);
    expect(s.document.value.layout!.nodes!.press.position).toEqual([3.25, 0.25]);
    s.gridM.value = 0.1;
    s.moveNode('press', [3.13, 0.37]);
    expect(s.document.value.layout!.nodes!.press.position).toEqual([3.1, 0.4]);
    s.gridM.value = 0;
    s.moveNode('press', [3.13, 0.37]);
    expect(s.document.value.layout!.nodes!.press.position).toEqual([3.13, 0.37]);
    const g = createDocumentStore(SCENE, { gridM: 1 });
    g.moveNode('press', [3.4, 0.6]);
    expect(g.document.value.layout!.nodes!.press.position).toEqual([3, 1]);
  });

  it('angles normalise to (-180, 180] and snap to a step', () => {
    expect([180, -180, 540, 190, -190, 360, -90, 0.5].map(normaliseAngle)).toEqual([180, 180, 180, -170, 170, 0, -90, 0.5]);
    expect(snapAngle(44, 15)).toBe(45);
    expect(snapAngle(-172, 15)).toBe(-165);
    expect(snapAngle(-176, 15)).toBe(180);
    expect(snapAngle(44, 0)).toBe(44);
    const s = fresh();
    s.rotateNode('press', 270);
    expect(s.document.value.layout!.nodes!.press.heading).toBe(-90);
    s.angleSnapDeg.value = 15;
    s.rotateNode('press', 52);
    expect(s.document.value.layout!.nodes!.press.heading).toBe(45);
    s.rotateNode('press', 52, { snap: false });
    expect(s.document.value.layout!.nodes!.press.heading).toBe(52);
  });

  it('things attached to a node follow it: conveyor path ends and robots', () => {
    const s = fresh();
    s.moveNode('split', [14.2, 6]); // snapped to 14.25: 0.55 m along x
    const c = s.document.value.layout!.conveyors!;
    expect(c.find((x) => x.id === 'c-test-split')!.path!.at(-1)).toEqual([14.75, 6]);
    expect(c.find((x) => x.id === 'c-split-pack-a')!.path![0]).toEqual([14.25, 6.5]);
    expect(c.find((x) => x.id === 'c-split-pack-a')!.path![1]).toEqual([13.7, 7.25]);
    s.moveNode('screw', [8.3, 0]); // snapped to 8.25
    expect(s.document.value.layout!.robots!.find((r) => r.id === 'ur5-screw')!.basePose.position).toEqual([8.25, 0.7, 0.8]);
    s.rotateNode('screw', 90);
    const robot = s.document.value.layout!.robots!.find((r) => r.id === 'ur5-screw')!;
    expect(robot.basePose.position).toEqual([7.55, 0, 0.8]);
    expect(robot.basePose.yaw).toBe(0);
  });
});

describe('gestures', () => {
  it('a drag is one undo step', () => {
    const s = fresh();
    s.setRun('seed', 5);
    const before = s.document.value;
    s.beginGesture();
    for (let i = 1; i <= 20; i++) s.moveNode('press', [2.8 + i * 0.1, i * 0.05]);
    s.endGesture();
    const after = s.document.value;
    expect(s.history().undo).toHaveLength(2);
    expect(s.undoLabel.value).toBe('Move press');
    s.undo();
    expect(s.document.value).toEqual(before);
    s.redo();
    expect(s.document.value).toEqual(after);
    // The next move is a step of its own.
    s.moveNode('press', [0, -3]);
    expect(s.history().undo).toHaveLength(3);
  });

  it('a gesture that moves and turns is one step; cancel takes it back; an empty one leaves nothing', () => {
    const s = fresh();
    const before = s.document.value;
    s.beginGesture('Arrange press');
    s.moveNode('press', [3, 1]);
    s.rotateNode('press', 90);
    s.moveNode('press', [3, 2]);
    s.endGesture();
    expect(s.history().undo.map((e) => e.label)).toEqual(['Arrange press']);
    s.undo();
    expect(s.document.value).toEqual(before);

    s.beginGesture();
    s.moveNode('press', [5, 5]);
    s.moveNode('press', [6, 5]);
    s.cancelGesture();
    expect(s.document.value).toEqual(before);
    expect(s.canUndo.value).toBe(false);
    expect(s.canRedo.value).toBe(false); // the gesture's first edit cleared the redo of the earlier undo

    s.beginGesture();
    s.moveNode('kits', [0, 0]);
    s.endGesture();
    expect(s.canUndo.value).toBe(false);
  });
});

describe('dragNode (the 3D view drag callback)', () => {
  it('start, moves, end: one snapped undo step', () => {
    const s = fresh();
    const before = s.document.value;
    s.dragNode('press', [2.8, 0], 'start');
    s.dragNode('press', [3.3, 0.4], 'move');
    s.dragNode('press', [3.9, 0.6], 'move');
    s.dragNode('press', [4.01, 0.9], 'end');
    expect(s.inGesture()).toBe(false);
    expect(s.document.value.layout!.nodes!.press.position).toEqual([4, 1]);
    expect(s.history().undo.map((e) => e.label)).toEqual(['Move press']);
    s.undo();
    expect(s.document.value).toEqual(before);
  });

  it('an end where the drag started (the view cancelled it) or a cancel leaves nothing', () => {
    const s = fresh();
    const before = s.document.value;
    s.dragNode('press', [2.8, 0], 'start');
    s.dragNode('press', [5, 2], 'move');
    s.dragNode('press', [2.8, 0], 'end'); // off the grid: snapping it would not restore 2.8
    expect(s.document.value).toEqual(before);
    expect(s.canUndo.value).toBe(false);
    s.dragNode('press', [2.8, 0], 'start');
    s.dragNode('press', [5, 2], 'move');
    s.dragNode('press', [5, 2], 'cancel');
    expect(s.document.value).toEqual(before);
    expect(s.canUndo.value).toBe(false);
  });
});

describe('removeNode', () => {
  it('removing a packing station leaves a valid document', () => {
    const s = fresh();
    s.removeNode('pack-b');
    const d = s.document.value;
    expect(validateScenario(d).ok).toBe(true);
    expect(s.issues.value).toEqual([]);
    expect(d.links.some((l) => l.includes('pack-b'))).toBe(false);
    expect(d.layout!.conveyors!.some((c) => c.from === 'pack-b' || c.to === 'pack-b')).toBe(false);
    expect(d.layout!.robots!.some((r) => r.station === 'pack-b')).toBe(false);
    expect(Object.hasOwn(d.layout!.nodes!, 'pack-b')).toBe(false);
  });

  it('removing a buffer in the middle of the line is invalid by design, and the issues name it', () => {
    const s = fresh();
    s.removeNode('b1');
    const lines = issuesText(s);
    const press = s.nodePath('press')!;
    const screw = s.nodePath('screw')!;
    expect(lines.some((l) => l.startsWith(`${press}: `) && /no way out/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${screw}: `) && /reach|source/.test(l))).toBe(true);
  });

  it('removing a rework target removes the rework of the station that named it', () => {
    const s = fresh();
    s.removeNode('rework-shelf');
    const test = s.document.value.nodes.find((n) => n.id === 'test');
    expect(test && 'rework' in test).toBe(false);
    expect(issuesText(s).join('\n')).not.toMatch(/rework-shelf/);
  });

  it('removing the selected node clears the selection; undo does not bring the selection back', () => {
    const s = fresh();
    s.select('b2');
    s.removeNode('b2');
    expect(s.selectedNodeId.value).toBe(null);
    s.undo();
    expect(s.selectedNodeId.value).toBe(null);
  });
});

describe('addNode and connecting', () => {
  it('gives unique ids, defaults and a placement on the grid away from the other nodes', () => {
    const s = fresh();
    const a = s.addNode('station');
    const b = s.addNode('station');
    expect([a, b]).toEqual(['station-1', 'station-2']);
    const d = s.document.value;
    const node = d.nodes.find((n) => n.id === a)!;
    expect(node).toEqual({ id: 'station-1', type: 'station', kind: 'machine', cycle: { dist: 'normal', mean: 30, sd: 3 } });
    const p = d.layout!.nodes![a];
    expect(p.heading).toBe(0);
    expect(p.position.every((v) => Number.isInteger(v / 0.25))).toBe(true);
    // The layout rules find no overlap: the new nodes only miss links.
    expect(issuesText(s).filter((l) => /overlap/.test(l))).toEqual([]);
    expect(s.undoLabel.value).toBe('Add station-2');
  });

  it('a new station wired into the line validates', () => {
    const s = fresh();
    const id = s.addNode('station', [0, -4]);
    s.addConveyor('kits', id);
    s.addConveyor(id, 'press');
    expect(s.document.value.layout!.conveyors!.at(-1)).toEqual({
      id: `c-${id}-press`, from: id, to: 'press', width: 0.5, speedMetersPerSecond: 0.3, accumulating: true,
    });
    expect(issuesText(s)).toEqual([]);
  });

  it('addConveyor adds only the link when a node is not placed', () => {
    const s = fresh();
    s.unplaceNode('pack-a');
    const n = s.document.value.layout!.conveyors!.length;
    s.addConveyor('b1', 'pack-a');
    expect(s.document.value.links.at(-1)).toEqual(['b1', 'pack-a']);
    expect(s.document.value.layout!.conveyors!.length).toBe(n);
  });

  it('connect mode: two picks make the link, with a conveyor when asked', () => {
    const s = fresh();
    s.startConnect(true);
    s.pickNode('b1');
    expect(s.connectMode.value).toEqual({ from: 'b1', withConveyor: true });
    s.pickNode('b1'); // the same node again: still waiting for the other end
    s.pickNode('b3');
    expect(s.connectMode.value).toBe(null);
    expect(s.selectedNodeId.value).toBe('b3');
    expect(s.document.value.links.at(-1)).toEqual(['b1', 'b3']);
    expect(s.document.value.layout!.conveyors!.at(-1)!.id).toBe('c-b1-b3');
    s.pickNode('press');
    expect(s.selectedNodeId.value).toBe('press');
  });

  it('a probability route keeps weighing exactly its targets', () => {
    const s = fresh();
    s.setRoute('split', 'probability');
    expect(s.document.value.nodes.find((n) => n.id === 'split')!.route).toEqual({ rule: 'probability', weights: { 'pack-a': 1, 'pack-b': 1 } });
    s.connect('split', 'shipping');
    s.disconnect('split', 'pack-a');
    expect(s.document.value.nodes.find((n) => n.id === 'split')!.route).toEqual({ rule: 'probability', weights: { 'pack-b': 1, shipping: 1 } });
    // pack-a has lost its only way in: that is the one issue, on pack-a.
    expect(issuesText(s)).toEqual([`${s.nodePath('pack-a')}: "pack-a" is unreachable from any source`]);
  });

  it('renameNode renames every reference', () => {
    const s = fresh();
    s.renameNode('rework-shelf', 'shelf');
    s.renameNode('screw', 'screwing');
    const text = s.save();
    expect(text).not.toMatch(/"rework-shelf"/);
    expect(text).not.toMatch(/"screw"/);
    expect(issuesText(s)).toEqual([]);
    expect(Object.keys(s.document.value.layout!.nodes!).indexOf('shelf')).toBe(Object.keys(SCENE.layout!.nodes!).indexOf('rework-shelf'));
  });
});

describe('validation by path', () => {
  it('keeps an invalid document and shows its issues under the field', () => {
    const s = fresh();
    s.setNodeField('press', ['cycle', 'mean'], -1);
    const path = s.nodePath('press', 'cycle')!;
    expect(path).toBe('nodes[1].cycle');
    const at = s.issuesAt(path);
    expect(at.map((i) => i.path)).toEqual(['nodes[1].cycle.mean']);
    expect(s.issuesAt(['nodes', 1, 'cycle', 'mean'])).toEqual(at);
    expect(s.issuesAt('nodes[1]', { exact: true })).toEqual([]);
    expect(s.issuesAt('nodes[1].cycle.me')).toEqual([]);
    expect(s.document.value.nodes[1]).toMatchObject({ cycle: { mean: -1 } });
    s.undo();
    expect(s.issues.value).toEqual([]);
  });

  it('pathIsUnder matches whole segments only', () => {
    expect(pathIsUnder('nodes[1].cycle', 'nodes[1]')).toBe(true);
    expect(pathIsUnder('nodes[10]', 'nodes[1]')).toBe(false);
    expect(pathIsUnder('nodes[1][0]', 'nodes[1]')).toBe(true);
    expect(pathIsUnder('layout.nodes.b1x', 'layout.nodes.b1')).toBe(false);
    expect(pathIsUnder('anything', '(root)')).toBe(true);
  });
});

describe('load and save', () => {
  it('bad JSON: located issues; document and history untouched', () => {
    const s = fresh();
    s.moveNode('press', [3, 1]);
    const doc = s.document.value;
    const history = s.history();
    const revision = s.revision.value;
    const result = s.load('{ "format": "line-twin/scenario", ]', 'bad.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0].path).toMatch(/^bad\.json:1:\d+$/);
    expect(result.errors[0].message).toMatch(/invalid JSON/);
    expect(s.loadError.value).toEqual({ fileName: 'bad.json', issues: result.errors });
    expect(s.document.value).toBe(doc);
    expect(s.history()).toEqual(history);
    expect(s.revision.value).toBe(revision);
    expect(s.fileName.value).toBe('scenario.json');
    s.dismissLoadError();
    expect(s.loadError.value).toBe(null);
  });

  it('an invalid scenario: issues name the JSON path; nothing changes', () => {
    const s = fresh();
    const bad = JSON.parse(SCENE_TEXT);
    bad.nodes[1].cycle.mean = -5;
    bad.nodes[2].capcity = 3;
    const before = s.document.value;
    const result = s.load(JSON.stringify(bad), 'broken.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.errors.map((e) => `${e.path}: ${e.message}`);
    expect(lines.some((l) => l.startsWith('nodes[1].cycle.mean: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('nodes[2]: unknown key "capcity"'))).toBe(true);
    expect(s.document.value).toBe(before);
    expect(s.canUndo.value).toBe(false);
  });

  it('a good file replaces the document as one undoable step', () => {
    const s = fresh();
    s.select('press');
    const before = s.document.value;
    expect(s.load(JSON.stringify(newScenario()), 'new.json')).toEqual({ ok: true });
    expect(s.document.value.name).toBe('New line');
    expect(s.fileName.value).toBe('new.json');
    expect(s.selectedNodeId.value).toBe(null);
    expect(s.undoLabel.value).toBe('Load new.json');
    s.undo();
    expect(s.document.value).toEqual(before);
  });

  it('save gives 2-space JSON that loads back to the same document', () => {
    const s = fresh();
    s.addNode('buffer');
    const text = s.save();
    expect(text.startsWith('{\n  "format": "line-twin/scenario",')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const t = createDocumentStore(newScenario());
    // The saved document is invalid (an unconnected buffer): load refuses it, with its path.
    const r = t.load(text, 'x.json');
    expect(r.ok).toBe(false);
    s.undo();
    expect(t.load(s.save(), 'x.json')).toEqual({ ok: true });
    expect(t.document.value).toEqual(s.document.value);
  });

  it('reset replaces the document and clears the history', () => {
    const s = fresh();
    s.moveNode('press', [3, 1]);
    s.reset(newScenario(), 'new.json');
    expect(s.canUndo.value).toBe(false);
    expect(s.canRedo.value).toBe(false);
    expect(s.document.value).toEqual(newScenario());
    expect(validateScenario(s.document.value).ok).toBe(true);
  });
});
