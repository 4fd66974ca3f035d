/**
 * The editing operations of the scenario editor (issue 5) as pure recipes: each takes a mutable
 * scenario (an immer draft inside the store, web/state/document.ts) and changes it in place, or
 * leaves it alone and returns false when the edit does not apply (an unknown id, a duplicate link).
 * No signals, no DOM: the store wraps each one in an undoable step, and tests can call them on
 * plain objects too.
 *
 * Rules shared by all recipes:
 * - A key is removed with `delete`, never set to undefined (JSON would drop it; the store's patches
 *   would not).
 * - Recipes keep the document's references consistent where the edit implies it (removing a node
 *   removes its links, conveyors, placement, route weights, rework targets and robots; renaming an
 *   id renames every reference), and leave everything else to validation: the store keeps invalid
 *   documents, the user may be mid-edit.
 *
 * The recipes live in one module per part of the document; this module is their one import path
 * (the store takes them as `import * as ops`), so it re-exports exactly what it always exported:
 *   - document-ops-base.ts: numbers and snapping, ids and lookups, get / set by JSON path;
 *   - document-ops-placement.ts: move, turn, resize, unplace, free spots on the floor;
 *   - document-ops-nodes.ts: add, remove, rename, edit nodes; a station's failures;
 *   - document-ops-links.ts: links, conveyors, routes;
 *   - document-ops-settings.ts: run and scenario fields, calendars, worker pools.
 */
export {
  clean, DEFAULT_ANGLE_SNAP_DEG, DEFAULT_GRID_M, findNode, getIn, isValidId, nodeIndex, normaliseAngle, setIn, snap, snapAngle,
  uniqueId, type AddableKind, type PathSegment, type RouteRule,
} from './document-ops-base';
export { freeSpot, moveNode, rotateNode, setFootprint, turnNode, unplaceNode } from './document-ops-placement';
export { addFailure, addNode, defaultFailure, defaultNode, removeFailure, removeNode, renameNode, setNodeField } from './document-ops-nodes';
export {
  addConveyor, connect, DEFAULT_CONVEYOR, disconnect, hasLink, removeConveyor, setConveyorField, setRoute,
} from './document-ops-links';
export {
  addBreak, addCalendar, addDowntime, addShift, addWorkerPool, removeBreak, removeCalendar, removeDowntime, removeShift,
  removeWorkerPool, renameCalendar, renameWorkerPool, setCalendarField, setRun, setScenarioField, setShiftField,
  setWorkerField, type RunField,
} from './document-ops-settings';
