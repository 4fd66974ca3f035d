/**
 * URDF in, a compiled RobotModel or every located problem out (DESIGN §8). Nothing here throws or
 * evaluates content. Reads the kinematic subset of the URDF XML specification
 * (wiki.ros.org/urdf/XML/robot, /link, /joint): `<link name>`, and `<joint name type>` with
 * `<parent link>`, `<child link>`, `<origin xyz rpy>` (default identity), `<axis xyz>` (default
 * 1 0 0, normalised) and `<limit lower upper effort velocity>` (required for revolute and
 * prismatic joints; lower and upper default to 0, effort and velocity are required attributes).
 * Everything else (visual, collision, inertial, transmission, gazebo, mimic, dynamics, safety
 * controllers) is skipped. Issues are located as `file:LINE:COL`, messages name the element.
 */
import type { Issue, Result } from '../model/types';
import { JointType, type JointTypeName, type RobotModel } from './model';
import { compileTree, type RawJoint, type RawLink } from './urdf-tree';
import { attributeOf, childrenNamed, parseXml, type XmlAttribute, type XmlElement } from './xml';

/** Joint types of the URDF spec that the twin does not model (6 or 3 free degrees of freedom). */
const UNSUPPORTED_TYPES = ['floating', 'planar'];
const LIMITED_TYPES: JointTypeName[] = ['revolute', 'prismatic'];

/** Decimal numbers only: no hex, no "Infinity", no empty string (which Number() would accept). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type Located = { line: number; column: number };

export function parseUrdf(text: string, file = 'robot.urdf'): Result<RobotModel> {
  try {
    const xml = parseXml(text, file);
    if (!xml.ok) return xml;
    return new UrdfReader(file).read(xml.value);
  } catch (e) {
    // Last line of defence: a bug must not turn bad input into an exception.
    return { ok: false, errors: [{ path: file, message: `cannot be read: ${String(e)}` }] };
  }
}

/** Short, printable form of user text for a message. */
function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

class UrdfReader {
  private readonly errors: Issue[] = [];

  constructor(private readonly file: string) {}

  private report(where: Located, message: string): void {
    this.errors.push({ path: `${this.file}:${where.line}:${where.column}`, message });
  }

  read(robot: XmlElement): Result<RobotModel> {
    if (robot.name !== 'robot') {
      this.report(robot, `the root element must be <robot>, found <${robot.name}>`);
      return { ok: false, errors: this.errors };
    }
    const links: RawLink[] = [];
    const linkAt = new Map<string, RawLink>();
    for (const el of childrenNamed(robot, 'link')) {
      const name = this.readName(el, 'link');
      if (name === undefined) continue;
      const first = linkAt.get(name);
      if (first) this.report(el, `link ${quote(name)}: duplicate link name (first defined at ${first.el.line}:${first.el.column})`);
      else {
        const link = { name, el };
        links.push(link);
        linkAt.set(name, link);
      }
    }
    const joints: RawJoint[] = [];
    const jointAt = new Map<string, RawJoint>();
    let incomplete = false;
    for (const el of childrenNamed(robot, 'joint')) {
      const joint = this.readJoint(el);
      const first = joint && jointAt.get(joint.name);
      if (!joint) incomplete = true;
      else if (first) {
        this.report(el, `joint ${quote(joint.name)}: duplicate joint name (first defined at ${first.el.line}:${first.el.column})`);
        incomplete = true;
      } else {
        joints.push(joint);
        jointAt.set(joint.name, joint);
      }
    }
    const name = attributeOf(robot, 'name')?.value ?? '';
    // With a joint left out, its child would look like a second root: report what was found only.
    const model = compileTree(
      { name, file: this.file, robot, links, joints, checkRoots: !incomplete },
      (where, message) => this.report(where, message),
    );
    return this.errors.length || !model ? { ok: false, errors: this.errors } : { ok: true, value: model };
  }

  private readName(el: XmlElement, what: string): string | undefined {
    const name = attributeOf(el, 'name');
    if (!name) this.report(el, `<${what}> has no name attribute`);
    else if (name.value.trim() === '') this.report(name, `<${what}> has an empty name`);
    else return name.value;
    return undefined;
  }

  /** The only child element called `tag`; reports a second one. */
  private single(el: XmlElement, tag: string, label: string): XmlElement | undefined {
    const found = childrenNamed(el, tag);
    if (found.length > 1) this.report(found[1], `${label}: more than one <${tag}>`);
    return found[0];
  }

  private readJoint(el: XmlElement): RawJoint | undefined {
    const name = this.readName(el, 'joint');
    if (name === undefined) return undefined;
    const label = `joint ${quote(name)}`;
    const typeAttr = attributeOf(el, 'type');
    const type = this.readType(typeAttr, el, label);
    const parent = this.readLinkRef(el, 'parent', label);
    const child = this.readLinkRef(el, 'child', label);
    const joint: RawJoint = {
      name, type: type ?? 'fixed', el, parent: parent?.name ?? '', parentEl: parent?.el ?? el,
      child: child?.name ?? '', childEl: child?.el ?? el,
      xyz: [0, 0, 0], rpy: [0, 0, 0], axis: [1, 0, 0],
      lower: -Infinity, upper: Infinity, velocity: Infinity, effort: Infinity,
    };
    const origin = this.single(el, 'origin', label);
    if (origin) {
      joint.xyz = this.readVector(origin, 'xyz', label) ?? joint.xyz;
      joint.rpy = this.readVector(origin, 'rpy', label) ?? joint.rpy;
    }
    if (type && type !== 'fixed') this.readMotion(el, type, joint, label);
    // A joint without its links cannot take part in the tree; its problems are reported. One with
    // a bad type still can, so that its child does not also show up as a second root.
    return parent && child ? joint : undefined;
  }

  /** `<axis>` and `<limit>` of a movable joint (a fixed joint's are ignored, as in urdfdom). */
  private readMotion(el: XmlElement, type: JointTypeName, joint: RawJoint, label: string): void {
    const axis = this.single(el, 'axis', label);
    const xyz = axis && this.readVector(axis, 'xyz', label);
    if (axis && xyz) {
      const norm = Math.hypot(xyz[0], xyz[1], xyz[2]);
      if (norm === 0) this.report(attributeOf(axis, 'xyz') ?? axis, `${label}: <axis xyz> must not be the zero vector`);
      else joint.axis = [xyz[0] / norm, xyz[1] / norm, xyz[2] / norm];
    }
    const limit = this.single(el, 'limit', label);
    if (!limit) {
      if (LIMITED_TYPES.includes(type)) this.report(el, `${label}: missing <limit> (required for ${type} joints)`);
      return;
    }
    joint.effort = this.readScalar(limit, 'effort', label) ?? Infinity;
    joint.velocity = this.readScalar(limit, 'velocity', label) ?? Infinity;
    if (type === 'continuous') return; // a continuous joint has no position limits
    joint.lower = this.readScalar(limit, 'lower', label, 0) ?? 0;
    joint.upper = this.readScalar(limit, 'upper', label, 0) ?? 0;
    if (joint.lower > joint.upper) {
      this.report(limit, `${label}: <limit> lower (${joint.lower}) is greater than upper (${joint.upper})`);
    }
  }

  private readType(attr: XmlAttribute | undefined, el: XmlElement, label: string): JointTypeName | undefined {
    if (!attr) {
      this.report(el, `${label}: missing type attribute`);
      return undefined;
    }
    if (Object.hasOwn(JointType, attr.value)) return attr.value as JointTypeName;
    const supported = 'revolute, continuous, prismatic, fixed';
    const kind = UNSUPPORTED_TYPES.includes(attr.value) ? 'unsupported' : 'unknown';
    this.report(attr, `${label}: ${kind} joint type ${quote(attr.value)} (supported: ${supported})`);
    return undefined;
  }

  private readLinkRef(el: XmlElement, tag: 'parent' | 'child', label: string): { name: string; el: XmlElement } | undefined {
    const ref = this.single(el, tag, label);
    if (!ref) {
      this.report(el, `${label}: missing <${tag} link="...">`);
      return undefined;
    }
    const link = attributeOf(ref, 'link');
    if (!link) this.report(ref, `${label}: <${tag}> has no link attribute`);
    else if (link.value.trim() === '') this.report(link, `${label}: <${tag}> has an empty link name`);
    else return { name: link.value, el: ref };
    return undefined;
  }

  private readNumber(token: string, where: Located, context: string): number | undefined {
    if (!DECIMAL.test(token)) {
      this.report(where, `${context}: ${quote(token)} is not a number`);
      return undefined;
    }
    const value = Number(token);
    if (!Number.isFinite(value)) {
      this.report(where, `${context}: ${quote(token)} is not a finite number`);
      return undefined;
    }
    return value;
  }

  /** Three numbers separated by whitespace; undefined when absent (caller's default) or wrong. */
  private readVector(el: XmlElement, name: string, label: string): [number, number, number] | undefined {
    const attr = attributeOf(el, name);
    if (!attr) return undefined;
    const context = `${label}: <${el.name} ${name}=${quote(attr.value)}>`;
    const tokens = attr.value.trim() === '' ? [] : attr.value.trim().split(/\s+/);
    if (tokens.length !== 3) {
      this.report(attr, `${context}: expected 3 numbers, found ${tokens.length}`);
      return undefined;
    }
    const values = tokens.map((t) => this.readNumber(t, attr, context));
    return values.every((v) => v !== undefined) ? (values as [number, number, number]) : undefined;
  }

  /** One number; when absent, `fallback`, or an error if there is none (a required attribute). */
  private readScalar(el: XmlElement, name: string, label: string, fallback?: number): number | undefined {
    const attr = attributeOf(el, name);
    if (!attr) {
      if (fallback === undefined) this.report(el, `${label}: <${el.name}> is missing the ${name} attribute`);
      return fallback;
    }
    const value = this.readNumber(attr.value.trim(), attr, `${label}: <${el.name} ${name}=${quote(attr.value)}>`);
    if (value !== undefined && value < 0 && (name === 'effort' || name === 'velocity')) {
      this.report(attr, `${label}: <${el.name} ${name}> must be >= 0, got ${value}`);
    }
    return value;
  }
}
