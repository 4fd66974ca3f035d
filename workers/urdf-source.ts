/**
 * Where the physics twin's robots get their URDF text. A scenario names a robot's URDF file
 * relative to scenes/ (e.g. "robots/ur5.urdf"; the schema already refuses absolute paths and
 * `..`). The browser worker has no file system, so it bundles the shipped files
 * (urdf-source-bundled.ts); Node reads scenes/ from disk (urdf-source-node.ts). A source throws
 * an Error saying why when it has no such file; the twin names the path and the robot.
 */
export type { UrdfSource } from '../engine/twin/agents';
