/**
 * Generates the shipped JSON Schema (scenes/scenario.schema.json) from the zod schema, so the two
 * can never disagree: `npx tsx engine/model/write-schema.ts` (or `npm run schema`) rewrites it and
 * a test fails when the shipped file is stale.
 *
 * The JSON Schema checks the shape only: cross-field rules (min <= max, warmup < length) and the
 * semantic checks (ids, links, reachability, calendars) are the validator's, see
 * docs/scenario-format.md.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  calendarSchema, dayPeriodSchema, distributionSchema, failureSchema, idSchema, nodeSchema, productSchema,
  routeSchema, runSchema, scenarioSchema, timeSchema, workerPoolSchema,
} from './schema';
import {
  aisleSchema, conveyorSchema, humanoidSchema, layoutSchema, nodePlacementSchema, point2Schema, robotSchema,
  urdfPathSchema,
} from './layout-schema';
import { CURRENT_VERSION } from './migrate';

export const SCHEMA_FILE = fileURLToPath(new URL('../../scenes/scenario.schema.json', import.meta.url));

type JsonObject = Record<string, unknown>;

/**
 * Names and descriptions for the parts used more than once, so the file has readable $defs
 * instead of the same distribution inlined dozens of times. A private registry: zod's global one
 * would throw if this module were ever loaded twice.
 */
function definitions(): z.core.$ZodRegistry<{ id: string; description: string }> {
  const defs = z.registry<{ id: string; description: string }>();
  const [source, buffer, station, sink] = nodeSchema.options;
  defs.add(idSchema, { id: 'Id', description: '1-64 letters, digits and _ . : - (not "__proto__").' });
  defs.add(timeSchema, { id: 'Time', description: 'Clock time "HH:MM", 00:00 to 24:00.' });
  defs.add(distributionSchema, {
    id: 'Distribution',
    description: 'A random duration in seconds. normal is truncated at 0; lognormal mean and sd are of the variable itself.',
  });
  defs.add(runSchema, { id: 'RunSettings', description: 'Run length, warm-up (seconds), replications and seed.' });
  defs.add(dayPeriodSchema, { id: 'DayPeriod', description: 'A period of a day; an end before the start wraps past midnight.' });
  defs.add(calendarSchema, { id: 'Calendar', description: 'A daily calendar: on shift during shifts, minus breaks and planned downtime.' });
  defs.add(workerPoolSchema, { id: 'WorkerPool', description: 'Interchangeable operators sharing one calendar.' });
  defs.add(productSchema, { id: 'Product', description: 'A product type.' });
  defs.add(routeSchema, { id: 'Route', description: 'How a node with several outgoing links chooses where a part goes.' });
  defs.add(failureSchema, { id: 'Failure', description: 'Time to failure and time to repair; operating failures age only while working.' });
  defs.add(source, { id: 'SourceNode', description: 'Creates parts; without interarrival a part is always ready.' });
  defs.add(buffer, { id: 'BufferNode', description: 'A queue; without capacity unbounded, 0 is a direct link.' });
  defs.add(station, { id: 'StationNode', description: 'Processes parts; holds a finished part until the next node takes it.' });
  defs.add(sink, { id: 'SinkNode', description: 'Where parts leave; throughput is counted here after warm-up.' });
  defs.add(layoutSchema, {
    id: 'Layout',
    description: 'The physical layout in metres and degrees (z up, angles counter-clockwise from +x): node placements, conveyors, aisles, robots, humanoids.',
  });
  defs.add(point2Schema, { id: 'Point2', description: 'A point on the floor [x, y], metres.' });
  defs.add(nodePlacementSchema, {
    id: 'NodePlacement',
    description: 'Centre, heading (degrees) and footprint [length, width] of a node; stations default by kind, other nodes are points.',
  });
  defs.add(conveyorSchema, { id: 'Conveyor', description: 'A belt conveyor realising the link from -> to; without path it runs straight between the footprints.' });
  defs.add(aisleSchema, { id: 'Aisle', description: 'A walkway polyline for humans and humanoids.' });
  defs.add(urdfPathSchema, { id: 'UrdfPath', description: 'A URDF file relative to scenes/, e.g. "robots/ur5.urdf".' });
  defs.add(robotSchema, { id: 'Robot', description: 'A robot arm at a station: URDF file and base pose (position [x, y, z], yaw in degrees).' });
  defs.add(humanoidSchema, { id: 'Humanoid', description: 'A humanoid agent of a humanoid worker pool.' });
  return defs;
}

export function buildJsonSchema(): JsonObject {
  const generated = z.toJSONSchema(scenarioSchema, {
    target: 'draft-2020-12',
    metadata: definitions(),
    // The zod objects are loose at runtime so extension keys pass through (schema.ts); say in
    // JSON Schema exactly which extra keys are allowed, so editors flag a misspelt key too.
    override: ({ jsonSchema }) => {
      const s = jsonSchema as JsonObject;
      if (s.type === 'object' && s.properties !== undefined) {
        s.patternProperties = { '^x-': {}, '^(layout|notes)$': {} };
        s.additionalProperties = false;
      }
    },
  }) as JsonObject;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: `urn:line-twin:scenario:v${CURRENT_VERSION}`,
    title: 'Line Twin scenario',
    description:
      `Scenario format v${CURRENT_VERSION} of Line Twin, a discrete-event factory-line simulator. ` +
      'SI units: seconds and metres. Generated from engine/model/schema.ts; it checks the shape only — ' +
      'cross-references (links, calendars, worker pools, products), flow rules and layout geometry ' +
      '(overlapping footprints, conveyors that do not connect) are checked by the twin\'s validator. ' +
      'See docs/scenario-format.md.',
    ...rest,
  };
}

/** The file's exact text: stable key order from the generator, two-space indent, final newline. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, jsonSchemaText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
