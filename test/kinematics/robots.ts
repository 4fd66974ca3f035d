/** Test helpers: the shipped robots, and small URDF documents written in the tests. */
import { readFileSync } from 'node:fs';
import type { RobotModel } from '../../engine/kinematics/model';
import { parseUrdf } from '../../engine/kinematics/urdf';
import type { Issue } from '../../engine/model/types';

export function robotText(file: string): string {
  return readFileSync(new URL(`../../scenes/robots/${file}`, import.meta.url), 'utf8');
}

export function loadRobot(file: string): RobotModel {
  return parsed(robotText(file), file);
}

/** The model of a URDF text that must be valid. */
export function parsed(text: string, file = 'test.urdf'): RobotModel {
  const r = parseUrdf(text, file);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.value;
}

/** The issues of a URDF text that must be invalid. */
export function issuesOf(text: string, file = 'test.urdf'): Issue[] {
  const r = parseUrdf(text, file);
  if (r.ok) throw new Error('expected the URDF to be rejected');
  return r.errors;
}

export interface JointSpec {
  name: string;
  type: string;
  parent: string;
  child: string;
  xyz?: string;
  rpy?: string;
  axis?: string;
  limit?: string;
}

/** A robot document, one element per line so that line numbers are easy to predict. */
export function robotXml(links: string[], joints: JointSpec[]): string {
  const lines = ['<?xml version="1.0"?>', '<robot name="test">'];
  for (const l of links) lines.push(`  <link name="${l}"/>`);
  for (const j of joints) {
    lines.push(`  <joint name="${j.name}" type="${j.type}">`);
    lines.push(`    <parent link="${j.parent}"/>`);
    lines.push(`    <child link="${j.child}"/>`);
    if (j.xyz !== undefined || j.rpy !== undefined) lines.push(`    <origin xyz="${j.xyz ?? '0 0 0'}" rpy="${j.rpy ?? '0 0 0'}"/>`);
    if (j.axis !== undefined) lines.push(`    <axis xyz="${j.axis}"/>`);
    if (j.limit !== undefined) lines.push(`    <limit ${j.limit}/>`);
    lines.push('  </joint>');
  }
  lines.push('</robot>', '');
  return lines.join('\n');
}
