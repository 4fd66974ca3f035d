/**
 * The 3D view's orbit camera moves (line-view.ts): fit to the line, orbit, pan along the floor,
 * zoom, and the checks the on-demand renderer needs (did the camera move since the last render).
 * Plain functions of the camera: the caller asks for the render, so keys, pointer and fit share
 * one path to the screen. Babylon's camera is y up; the twin's x, y are its x, z (coords.ts).
 */
import type { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';

import { fitView, fitViewFrom, type LineBox } from './bounds';

/** Orbit per arrow key press, radians. */
export const ORBIT_STEP_RAD = (5 * Math.PI) / 180;
/** Radius factor per + press (− divides by it). */
export const ZOOM_STEP = 0.85;

/** Frames `box` from the camera's current direction; `aspect` is the viewport's width / height. */
export function fitCamera(c: ArcRotateCamera, box: LineBox, aspect: number): void {
  const fit = fitViewFrom(box, c.alpha, c.beta, c.fov, aspect);
  // Zooming out stops where the whole line fits from any direction, with room to spare.
  const far = fitView(box, c.fov, aspect).radius;
  c.upperRadiusLimit = Math.max(10, 2.5 * far);
  c.maxZ = Math.max(100, 6 * far);
  c.target.set(fit.target[0], fit.target[2], fit.target[1]);
  c.radius = fit.radius;
  c.setTarget(c.target);
}

export function orbitCamera(c: ArcRotateCamera, dAlpha: number, dBeta: number): void {
  c.alpha += dAlpha;
  c.beta = Math.min(c.upperBetaLimit ?? Math.PI, Math.max(c.lowerBetaLimit ?? 0, c.beta + dBeta));
}

/** Moves the target along the floor: `right` and `ahead` as fractions of the camera distance. */
export function panCamera(c: ArcRotateCamera, right: number, ahead: number): void {
  const a = c.alpha, step = c.radius;
  // Camera right on the ground (−sin α, 0, cos α); ahead (towards the target) (−cos α, 0, −sin α).
  const t = c.target;
  t.x += step * (right * -Math.sin(a) + ahead * -Math.cos(a));
  t.z += step * (right * Math.cos(a) + ahead * -Math.sin(a));
  c.setTarget(t);
}

export function zoomCamera(c: ArcRotateCamera, factor: number): void {
  c.radius = Math.min(c.upperRadiusLimit ?? Infinity, Math.max(c.lowerRadiusLimit ?? 0, c.radius * factor));
}

/** Pan speed: one pixel of pointer travel moves about one pixel's worth of floor at the target. */
export function setPanSpeed(c: ArcRotateCamera, renderHeight: number): void {
  c.panningSensibility = renderHeight / (2 * c.radius * Math.tan(c.fov / 2)) || 1000;
}

/**
 * Whether the camera moved since the pose remembered in `last` (alpha, beta, radius, target x, y, z),
 * which then holds the current pose.
 */
export function cameraMoved(c: ArcRotateCamera, last: Float64Array): boolean {
  const moved = last[0] !== c.alpha || last[1] !== c.beta || last[2] !== c.radius ||
    last[3] !== c.target.x || last[4] !== c.target.y || last[5] !== c.target.z;
  last[0] = c.alpha; last[1] = c.beta; last[2] = c.radius; last[3] = c.target.x; last[4] = c.target.y; last[5] = c.target.z;
  return moved;
}
