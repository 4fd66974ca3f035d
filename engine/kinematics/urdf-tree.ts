/**
 * The structure of a URDF robot (wiki.ros.org/urdf/XML/model: "the robot is a tree" with one root
 * link) checked and compiled: every joint names existing links, every link has at most one parent
 * joint, the joints form no cycle and exactly one link is the root. A valid tree is compiled into
 * the RobotModel's index arrays in depth-first topological order.
 */
import { JointType, POSE_STRIDE, type JointTypeName, type RobotModel } from './model';
import { writeOriginTransform } from './transform';
import type { XmlElement } from './xml';

export interface RawLink {
  name: string;
  el: XmlElement;
}

export interface RawJoint {
  name: string;
  type: JointTypeName;
  el: XmlElement;
  parent: string;
  parentEl: XmlElement;
  child: string;
  childEl: XmlElement;
  xyz: [number, number, number];
  rpy: [number, number, number];
  /** Unit vector. */
  axis: [number, number, number];
  lower: number;
  upper: number;
  velocity: number;
  effort: number;
}

export interface RawRobot {
  name: string;
  file: string;
  robot: XmlElement;
  links: RawLink[];
  joints: RawJoint[];
  /** False when some joint could not be read: its child would look like an extra root. */
  checkRoots: boolean;
}

type Report = (where: { line: number; column: number }, message: string) => void;

const q = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Checks the tree, reporting every problem; the compiled model when there were none. */
export function compileTree(raw: RawRobot, report: Report): RobotModel | undefined {
  const linkNames = new Set(raw.links.map((l) => l.name));
  const parentOf = new Map<string, RawJoint>();
  const childrenOf = new Map<string, RawJoint[]>();
  let allLinked = true;
  for (const j of raw.joints) {
    const label = `joint ${q(j.name)}`;
    let linked = true;
    if (!linkNames.has(j.parent)) {
      report(j.parentEl, `${label}: parent link ${q(j.parent)} does not exist`);
      linked = false;
    }
    if (!linkNames.has(j.child)) {
      report(j.childEl, `${label}: child link ${q(j.child)} does not exist`);
      linked = false;
    }
    const other = parentOf.get(j.child);
    if (linked && other) {
      report(j.childEl, `${label}: link ${q(j.child)} already has a parent joint, ${q(other.name)} `
        + `at ${other.el.line}:${other.el.column} (a link has at most one parent)`);
      linked = false;
    }
    if (!linked) {
      allLinked = false;
      continue;
    }
    parentOf.set(j.child, j);
    const siblings = childrenOf.get(j.parent);
    if (siblings) siblings.push(j);
    else childrenOf.set(j.parent, [j]);
  }
  let ok = allLinked;
  if (!checkCycles(raw, parentOf, report)) ok = false;
  const roots = raw.links.filter((l) => !parentOf.has(l.name));
  if (raw.links.length === 0) {
    report(raw.robot, '<robot> has no <link>');
    ok = false;
  } else if (roots.length > 1 && raw.checkRoots && allLinked) {
    // (A joint left out would leave its child looking like a root: that is reported already.)
    const names = roots.map((l) => q(l.name)).join(', ');
    report(roots[1].el, `link ${q(roots[1].name)}: more than one root link (${names} are not the child of any joint; `
      + 'a robot has exactly one)');
    ok = false;
  }
  if (!ok || roots.length !== 1) return undefined;
  return compile(raw, roots[0].name, childrenOf);
}

/** Follows parent joints from every link; reports each cycle once, at its first joint in the file. */
function checkCycles(raw: RawRobot, parentOf: Map<string, RawJoint>, report: Report): boolean {
  const fileOrder = new Map(raw.joints.map((j, i) => [j, i]));
  const settled = new Set<string>();
  let ok = true;
  for (const start of raw.links) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let link: string | undefined = start.name;
    while (link !== undefined && !settled.has(link) && !onPath.has(link)) {
      onPath.set(link, path.length);
      path.push(link);
      link = parentOf.get(link)?.parent;
    }
    if (link !== undefined && onPath.has(link)) {
      // path[k..] walks child → parent round the cycle; list its joints parent → child.
      const cycle = path.slice(onPath.get(link)!).map((l) => parentOf.get(l)!).reverse();
      let first = 0;
      cycle.forEach((j, i) => { if (fileOrder.get(j)! < fileOrder.get(cycle[first])!) first = i; });
      const ordered = [...cycle.slice(first), ...cycle.slice(0, first)];
      const loop = [...ordered.map((j) => q(j.parent)), q(ordered[0].parent)].join(' → ');
      report(ordered[0].el, `joint ${q(ordered[0].name)}: the joints form a cycle (links ${loop})`);
      ok = false;
    }
    for (const l of path) settled.add(l);
  }
  return ok;
}

function compile(raw: RawRobot, root: string, childrenOf: Map<string, RawJoint[]>): RobotModel {
  const order: RawJoint[] = [];
  const linkNames = [root];
  const linkIndex = new Map([[root, 0]]);
  const stack = [...(childrenOf.get(root) ?? [])].reverse();
  while (stack.length) {
    const j = stack.pop()!;
    order.push(j);
    linkIndex.set(j.child, linkNames.length);
    linkNames.push(j.child);
    const children = childrenOf.get(j.child) ?? [];
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
  }
  const n = order.length;
  const m: RobotModel = {
    name: raw.name,
    file: raw.file,
    linkCount: linkNames.length,
    linkNames,
    linkParentJoint: new Int32Array(linkNames.length).fill(-1),
    jointCount: n,
    jointNames: order.map((j) => j.name),
    jointType: new Uint8Array(n),
    jointParentLink: new Int32Array(n),
    jointChildLink: new Int32Array(n),
    jointParentJoint: new Int32Array(n),
    jointOrigin: new Float64Array(n * POSE_STRIDE),
    jointAxis: new Float64Array(n * 3),
    jointLower: new Float64Array(n),
    jointUpper: new Float64Array(n),
    jointVelocity: new Float64Array(n),
    jointEffort: new Float64Array(n),
    dofCount: 0,
    dofJoint: new Int32Array(0),
    jointDof: new Int32Array(n).fill(-1),
  };
  const dofs: number[] = [];
  order.forEach((j, i) => {
    const child = linkIndex.get(j.child)!;
    const parent = linkIndex.get(j.parent)!;
    m.linkParentJoint[child] = i;
    m.jointParentLink[i] = parent;
    m.jointChildLink[i] = child;
    m.jointParentJoint[i] = m.linkParentJoint[parent];
    m.jointType[i] = JointType[j.type];
    writeOriginTransform(m.jointOrigin, i * POSE_STRIDE, ...j.xyz, ...j.rpy);
    m.jointAxis.set(j.type === 'fixed' ? [1, 0, 0] : j.axis, i * 3);
    const unbounded = j.type === 'fixed' || j.type === 'continuous';
    m.jointLower[i] = unbounded ? -Infinity : j.lower;
    m.jointUpper[i] = unbounded ? Infinity : j.upper;
    m.jointVelocity[i] = j.velocity;
    m.jointEffort[i] = j.effort;
    if (j.type !== 'fixed') {
      m.jointDof[i] = dofs.length;
      dofs.push(i);
    }
  });
  m.dofCount = dofs.length;
  m.dofJoint = Int32Array.from(dofs);
  return m;
}
