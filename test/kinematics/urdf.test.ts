/** The URDF reader: the compiled model of the shipped robots, the URDF conventions, located errors. */
import { describe, expect, it } from 'vitest';
import { createPoseBuffer, forwardKinematics } from '../../engine/kinematics/fk';
import { chainDofs, chainTo, findJoint, findLink, JointType } from '../../engine/kinematics/model';
import { parseUrdf } from '../../engine/kinematics/urdf';
import { poseAt } from './dh';
import { issuesOf, loadRobot, parsed, robotText, robotXml } from './robots';

const LIMIT = 'lower="-1" upper="1" effort="10" velocity="2"';

describe('parseUrdf: the shipped robots', () => {
  it('compiles the UR5 into a tree in topological order', () => {
    const m = loadRobot('ur5.urdf');
    expect(m.name).toBe('ur5_robot');
    expect(m.linkNames).toEqual([
      'base_link', 'base_link_inertia', 'shoulder_link', 'upper_arm_link', 'forearm_link',
      'wrist_1_link', 'wrist_2_link', 'wrist_3_link', 'flange', 'tool0', 'base',
    ]);
    expect(m.jointCount).toBe(10);
    expect(m.dofCount).toBe(6);
    expect(Array.from(m.dofJoint).map((j) => m.jointNames[j])).toEqual([
      'shoulder_pan_joint', 'shoulder_lift_joint', 'elbow_joint', 'wrist_1_joint', 'wrist_2_joint', 'wrist_3_joint',
    ]);
    for (let j = 0; j < m.jointCount; j++) {
      expect(m.jointChildLink[j]).toBe(j + 1);
      expect(m.jointParentLink[j]).toBeLessThan(m.jointChildLink[j]);
      expect(m.linkParentJoint[m.jointChildLink[j]]).toBe(j);
      expect(m.jointParentJoint[j]).toBe(m.linkParentJoint[m.jointParentLink[j]]);
    }
    const elbow = findJoint(m, 'elbow_joint');
    expect(m.jointType[elbow]).toBe(JointType.revolute);
    expect([m.jointLower[elbow], m.jointUpper[elbow]]).toEqual([-Math.PI, Math.PI]);
    expect(m.jointEffort[elbow]).toBe(150);
    expect(m.jointVelocity[elbow]).toBe(Math.PI);
    expect(m.jointType[findJoint(m, 'flange-tool0')]).toBe(JointType.fixed);
    expect(m.jointDof[findJoint(m, 'flange-tool0')]).toBe(-1);
    expect(Array.from(chainTo(m, 'tool0')!).map((j) => m.jointNames[j])).toEqual([
      'base_link-base_link_inertia', 'shoulder_pan_joint', 'shoulder_lift_joint', 'elbow_joint',
      'wrist_1_joint', 'wrist_2_joint', 'wrist_3_joint', 'wrist_3-flange', 'flange-tool0',
    ]);
    expect(Array.from(chainDofs(m, 'wrist_1_link')!)).toEqual([0, 1, 2, 3]);
    expect(Array.from(chainTo(m, 'base_link')!)).toEqual([]);
    expect(chainTo(m, 'nope')).toBeUndefined();
  });

  it('compiles the Panda arm with its asymmetric limits', () => {
    const m = loadRobot('panda_arm.urdf');
    expect(m.linkNames).toEqual(Array.from({ length: 9 }, (_, i) => `panda_link${i}`));
    expect(m.dofCount).toBe(7);
    const j4 = findJoint(m, 'panda_joint4');
    expect([m.jointLower[j4], m.jointUpper[j4]]).toEqual([-3.0718, -0.0698]);
    const j6 = findJoint(m, 'panda_joint6');
    expect([m.jointLower[j6], m.jointUpper[j6]]).toEqual([-0.0175, 3.7525]);
    expect(Array.from(m.jointOrigin.subarray(16 * 7, 16 * 8))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0.107, 0, 0, 0, 1]);
  });
});

describe('parseUrdf: URDF conventions', () => {
  it('reads rpy as fixed-axis roll, pitch, yaw: R = Rz(yaw) · Ry(pitch) · Rx(roll)', () => {
    // rpy (π/2, 0, π/2): Rx(π/2) takes x→x, y→z, z→−y; then Rz(π/2) takes x→y, y→−x, z→z.
    // So R e_x = e_y, R e_y = e_z, R e_z = e_x. (The other order, Rx·Rz, would send e_x to e_z.)
    const m = parsed(robotXml(['a', 'b'], [
      { name: 'j', type: 'fixed', parent: 'a', child: 'b', xyz: '1 2 3', rpy: '1.5707963267948966 0 1.5707963267948966' },
    ]));
    const out = createPoseBuffer(m);
    forwardKinematics(m, new Float64Array(0), out);
    const p = poseAt(out, 1).map((row) => row.map((v) => Math.round(v * 1e12) / 1e12 + 0));
    expect(p).toEqual([[0, 0, 1, 1], [1, 0, 0, 2], [0, 1, 0, 3], [0, 0, 0, 1]]);
  });

  it('applies the defaults: identity origin, axis 1 0 0, normalised axes, unlimited continuous joints', () => {
    const m = parsed(robotXml(['a', 'b', 'c', 'd'], [
      { name: 'plain', type: 'revolute', parent: 'a', child: 'b', limit: 'effort="1" velocity="1"' },
      { name: 'spin', type: 'continuous', parent: 'b', child: 'c', axis: '0 3 4' },
      { name: 'slide', type: 'prismatic', parent: 'c', child: 'd', axis: '0 0 -2', limit: LIMIT },
    ]));
    expect(Array.from(m.jointOrigin.subarray(0, 16))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(Array.from(m.jointAxis)).toEqual([1, 0, 0, 0, 0.6, 0.8, 0, 0, -1]);
    expect([m.jointLower[0], m.jointUpper[0]]).toEqual([0, 0]); // URDF: lower and upper default to 0
    expect([m.jointLower[1], m.jointUpper[1], m.jointVelocity[1]]).toEqual([-Infinity, Infinity, Infinity]);
    expect(Array.from(m.jointType)).toEqual([JointType.revolute, JointType.continuous, JointType.prismatic]);
  });

  it('orders branches depth first, in file order, whatever the order of the joints in the file', () => {
    const m = parsed(robotXml(['leaf2', 'mid', 'root', 'leaf1'], [
      { name: 'to_leaf2', type: 'fixed', parent: 'mid', child: 'leaf2' },
      { name: 'to_leaf1', type: 'fixed', parent: 'root', child: 'leaf1' },
      { name: 'to_mid', type: 'continuous', parent: 'root', child: 'mid' },
    ]));
    expect(m.linkNames).toEqual(['root', 'leaf1', 'mid', 'leaf2']);
    expect(m.jointNames).toEqual(['to_leaf1', 'to_mid', 'to_leaf2']);
    expect(Array.from(m.jointParentJoint)).toEqual([-1, -1, 1]);
    expect(findLink(m, 'leaf2')).toBe(3);
  });

  it('decodes entities in names and accepts comments and single quotes', () => {
    const text = "<robot name='r&amp;d'><!-- a comment --><link name='a&lt;1&gt;'/></robot>";
    const m = parsed(text);
    expect(m.name).toBe('r&d');
    expect(m.linkNames).toEqual(['a<1>']);
    expect(m.jointCount).toBe(0);
  });
});

/** One bad document per row: the located issue it must produce (file test.urdf). */
const two = (joint: Partial<Parameters<typeof robotXml>[1][number]>) => robotXml(['a', 'b'], [
  { name: 'j1', type: 'revolute', parent: 'a', child: 'b', limit: LIMIT, ...joint },
]);
// Lines of two(): 1 <?xml?>, 2 <robot>, 3-4 links, 5 <joint>, 6 <parent>, 7 <child>, 8 <origin>...

describe('parseUrdf: bad input gives located errors and never throws', () => {
  const cases: [string, string, { path: string; message: string }[]][] = [
    ['missing parent link', two({ parent: 'x' }),
      [{ path: 'test.urdf:6:5', message: 'joint "j1": parent link "x" does not exist' }]],
    ['missing child link', two({ child: 'y' }),
      [{ path: 'test.urdf:7:5', message: 'joint "j1": child link "y" does not exist' }]],
    ['a link with two parents (a closed loop)', robotXml(['r', 'a', 'b'], [
      { name: 'r_a', type: 'fixed', parent: 'r', child: 'a' },
      { name: 'a_b', type: 'fixed', parent: 'a', child: 'b' },
      { name: 'b_a', type: 'fixed', parent: 'b', child: 'a' },
    ]), [
      { path: 'test.urdf:16:5', message: 'joint "b_a": link "a" already has a parent joint, "r_a" at 6:3 (a link has at most one parent)' },
    ]],
    ['a cycle with no second parent', robotXml(['r', 'a', 'b'], [
      { name: 'a_b', type: 'fixed', parent: 'a', child: 'b' },
      { name: 'b_a', type: 'continuous', parent: 'b', child: 'a' },
    ]), [{ path: 'test.urdf:6:3', message: 'joint "a_b": the joints form a cycle (links "a" → "b" → "a")' }]],
    ['two roots', robotXml(['a', 'b', 'c'], [{ name: 'j1', type: 'fixed', parent: 'a', child: 'b' }]),
      [{ path: 'test.urdf:5:3', message: 'link "c": more than one root link ("a", "c" are not the child of any joint; a robot has exactly one)' }]],
    ['non-numeric origin', two({ xyz: '0 a 0' }),
      [{ path: 'test.urdf:8:13', message: 'joint "j1": <origin xyz="0 a 0">: "a" is not a number' }]],
    ['non-finite origin', two({ rpy: '0 1e999 0' }),
      [{ path: 'test.urdf:8:25', message: 'joint "j1": <origin rpy="0 1e999 0">: "1e999" is not a finite number' }]],
    ['two numbers for three', two({ xyz: '0 0' }),
      [{ path: 'test.urdf:8:13', message: 'joint "j1": <origin xyz="0 0">: expected 3 numbers, found 2' }]],
    ['unsupported joint type', two({ type: 'floating', limit: undefined }),
      [{ path: 'test.urdf:5:20', message: 'joint "j1": unsupported joint type "floating" (supported: revolute, continuous, prismatic, fixed)' }]],
    ['unknown joint type', two({ type: 'hinge' }),
      [{ path: 'test.urdf:5:20', message: 'joint "j1": unknown joint type "hinge" (supported: revolute, continuous, prismatic, fixed)' }]],
    ['lower above upper', two({ limit: 'lower="1" upper="-1" effort="1" velocity="1"' }),
      [{ path: 'test.urdf:8:5', message: 'joint "j1": <limit> lower (1) is greater than upper (-1)' }]],
    ['missing limit on a revolute joint', two({ limit: undefined }),
      [{ path: 'test.urdf:5:3', message: 'joint "j1": missing <limit> (required for revolute joints)' }]],
    ['limit without effort', two({ type: 'prismatic', limit: 'lower="0" upper="1" velocity="1"' }),
      [{ path: 'test.urdf:8:5', message: 'joint "j1": <limit> is missing the effort attribute' }]],
    ['zero axis', two({ axis: '0 0 0' }),
      [{ path: 'test.urdf:8:11', message: 'joint "j1": <axis xyz> must not be the zero vector' }]],
    ['duplicate link', robotXml(['a', 'a'], []),
      [{ path: 'test.urdf:4:3', message: 'link "a": duplicate link name (first defined at 3:3)' }]],
    ['duplicate joint', robotXml(['a', 'b', 'c'], [
      { name: 'j', type: 'fixed', parent: 'a', child: 'b' }, { name: 'j', type: 'fixed', parent: 'a', child: 'c' },
    ]), [{ path: 'test.urdf:10:3', message: 'joint "j": duplicate joint name (first defined at 6:3)' }]],
    ['not a robot', '<?xml version="1.0"?>\n<model/>\n',
      [{ path: 'test.urdf:2:1', message: 'the root element must be <robot>, found <model>' }]],
    ['no links', '<robot name="r">\n</robot>\n', [{ path: 'test.urdf:1:1', message: '<robot> has no <link>' }]],
    ['DOCTYPE with an entity', '<?xml version="1.0"?>\n<!DOCTYPE robot [\n  <!ENTITY big "x">\n]>\n<robot/>',
      [{ path: 'test.urdf:2:1', message: '<!DOCTYPE> declarations are not allowed (no DTDs or entity definitions)' }]],
    ['ENTITY declaration', '<robot>\n  <!ENTITY lol "lol">\n</robot>',
      [{ path: 'test.urdf:2:3', message: '<!ENTITY> declarations are not allowed (no DTDs or entity definitions)' }]],
    ['unclosed tag', '<robot name="r">\n  <link name="a">\n  <link name="b"/>\n</robot>\n',
      [{ path: 'test.urdf:4:1', message: 'closing tag </robot> does not match <link> opened at 2:3' }]],
    ['attribute without quotes', '<robot name="r">\n  <link name=a/>\n</robot>',
      [{ path: 'test.urdf:2:14', message: 'value of attribute "name" must be in quotes, found "a"' }]],
    ['unknown entity', '<robot name="&ouml;"/>',
      [{ path: 'test.urdf:1:14', message: 'unknown entity &ouml; (only &lt; &gt; &amp; &quot; &apos; and &#...; are defined)' }]],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => expect(issuesOf(text)).toEqual(expected));
  }

  it('truncated inside a tag: located at the end of the file', () => {
    const ur5 = robotText('ur5.urdf');
    const cut = ur5.slice(0, ur5.indexOf('<origin xyz="-0.425 0 0"') + 24);
    const lines = cut.split('\n');
    expect(issuesOf(cut, 'ur5.urdf')).toEqual([{
      path: `ur5.urdf:${lines.length}:${lines[lines.length - 1].length + 1}`,
      message: `unexpected end of file inside the tag <origin> opened at ${lines.length}:5`,
    }]);
  });

  it('truncated inside an attribute value: located at its opening quote', () => {
    const ur5 = robotText('ur5.urdf');
    const cut = ur5.slice(0, ur5.indexOf('<origin xyz="-0.425') + 16);
    const line = cut.split('\n').length;
    expect(issuesOf(cut, 'ur5.urdf')).toEqual([
      { path: `ur5.urdf:${line}:17`, message: 'value of attribute "xyz" is not closed (missing ")' },
    ]);
  });

  it('truncated between tags: located at the innermost element left open', () => {
    const ur5 = robotText('ur5.urdf');
    const at = ur5.lastIndexOf('<joint name="elbow_joint"');
    const cut = ur5.slice(0, ur5.indexOf('\n', at) + 1);
    const lines = cut.split('\n');
    expect(issuesOf(cut, 'ur5.urdf')).toEqual([
      { path: `ur5.urdf:${lines.length - 1}:3`, message: `<joint> is not closed (the file ends at ${lines.length}:1)` },
    ]);
  });

  it('an oversized file', () => {
    const text = `<robot name="big">\n${' '.repeat(5 * 1024 * 1024)}</robot>`;
    expect(issuesOf(text, 'big.urdf')).toEqual([
      { path: `big.urdf:2:${5 * 1024 * 1024 - 18}`, message: 'file is too large (5.0 MB; the limit is 5.0 MB)' },
    ]);
  });

  it('reports every problem of a document, not just the first', () => {
    const text = robotXml(['a', 'b', 'c'], [
      { name: 'j1', type: 'revolute', parent: 'a', child: 'b', xyz: '0 0 x', limit: LIMIT },
      { name: 'j2', type: 'planar', parent: 'b', child: 'c' },
    ]);
    expect(issuesOf(text).map((i) => i.path)).toEqual(['test.urdf:9:13', 'test.urdf:12:20']);
  });

  it('never throws on input that is not text', () => {
    expect(parseUrdf(undefined as unknown as string, 'x.urdf')).toEqual({ ok: false, errors: [{ path: 'x.urdf', message: 'is not text' }] });
  });
});
