/**
 * The 3D view's stage: the engine, scene, orbit camera, light and materials that live as long as the
 * view does (line-view.ts). Split from the view so the one-off Babylon set-up (and the choices
 * behind it: no inertia, one light, a software-renderer probe) reads apart from the per-scene and
 * per-frame code; nothing here knows about a frame layout.
 */
import { Engine } from '@babylonjs/core/Engines/engine';
import { Scene } from '@babylonjs/core/scene';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';

import { hexToRgb, MARK_HEX } from './palette';

/** The view's materials: one per kind of thing drawn (node and belt instances carry their own colours). */
export type ViewMaterials = Record<'instanced' | 'part' | 'beltFrame' | 'robot' | 'humanoid' | 'floor' | 'ring' | 'glass', StandardMaterial>;

export interface Stage {
  engine: Engine;
  scene: Scene;
  camera: ArcRotateCamera;
}

export function colour3(hex: string): Color3 {
  const [r, g, b] = hexToRgb(hex);
  return new Color3(r, g, b);
}

/**
 * Engine, scene, camera and light on `canvas`. Babylon's own pointer picking is off (the view picks
 * only on a press, input.ts) and so is its keyboard camera input (the view's keys, input.ts).
 */
export function createStage(canvas: HTMLCanvasElement, antialias: boolean): Stage {
  const engine = new Engine(canvas, antialias, { stencil: false, preserveDrawingBuffer: false }, false);
  const dpr = typeof devicePixelRatio === 'number' ? Math.min(2, Math.max(1, devicePixelRatio)) : 1;
  engine.setHardwareScalingLevel(1 / dpr);
  const scene = new Scene(engine);
  const bg = hexToRgb(MARK_HEX.background);
  scene.clearColor = new Color4(bg[0], bg[1], bg[2], 1);
  scene.skipPointerMovePicking = true;
  scene.skipPointerDownPicking = true;
  scene.skipPointerUpPicking = true;
  scene.skipFrustumClipping = true; // every mesh is always drawn (alwaysSelectAsActiveMesh)
  scene.preventDefaultOnPointerDown = false; // the canvas keeps its focus behaviour (tabindex)

  const camera = new ArcRotateCamera('camera', -Math.PI / 2, 0.95, 30, Vector3.Zero(), scene);
  camera.inputs.removeByType('ArcRotateCameraKeyboardMoveInput');
  camera.attachControl(); // preventing defaults: the wheel zooms instead of scrolling the page
  // No inertia: input moves the camera once, so rendering on demand never leaves a glide behind.
  camera.inertia = 0;
  camera.panningInertia = 0;
  camera.wheelDeltaPercentage = 0.02;
  camera.panningAxis = new Vector3(1, 0, 1);
  camera.mapPanning = true;
  camera.lowerBetaLimit = 0.02;
  camera.upperBetaLimit = Math.PI / 2 - 0.04;
  camera.lowerRadiusLimit = 1;
  camera.minZ = 0.05;
  camera.maxZ = 1000;

  // One light, no specular: the cheapest lit shader (a software renderer shades every pixel on the
  // CPU). A hemisphere tilted towards the default viewpoint still tells the faces of a box apart.
  const sky = new HemisphericLight('sky', new Vector3(0.45, 1, -0.65), scene);
  sky.intensity = 1;
  sky.diffuse = new Color3(1, 1, 1);
  sky.groundColor = new Color3(0.3, 0.3, 0.34);
  sky.specular = Color3.Black();
  return { engine, scene, camera };
}

/** The view's materials, made once per view and shared by every scene's meshes. */
export function createMaterials(scene: Scene): ViewMaterials {
  const material = (name: string, hex: string) => {
    const m = new StandardMaterial(name, scene);
    m.diffuseColor = colour3(hex);
    m.specularColor = Color3.Black();
    return m;
  };
  const materials: ViewMaterials = {
    instanced: material('instanced', '#ffffff'),
    part: material('part', MARK_HEX.part),
    beltFrame: material('belt-frame', '#b4bbc3'),
    robot: material('robot', MARK_HEX.robot),
    humanoid: material('humanoid', MARK_HEX.humanoid),
    floor: material('floor', MARK_HEX.floor),
    ring: material('selection-ring', MARK_HEX.selection),
    glass: material('selection-glass', MARK_HEX.selection),
  };
  // The floor is flat and large: unlit, a single colour.
  materials.floor.disableLighting = true;
  materials.floor.emissiveColor = colour3(MARK_HEX.floor);
  materials.floor.zOffset = 2; // the grid lines lie on it
  materials.ring.emissiveColor = colour3(MARK_HEX.selection).scale(0.6);
  materials.glass.alpha = 0.22;
  materials.glass.backFaceCulling = false;
  return materials;
}

/** Whether WebGL here is a CPU rasteriser (probed once on a throwaway context). */
export function isSoftwareRenderer(): boolean {
  if (softwareRenderer !== null) return softwareRenderer;
  softwareRenderer = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      softwareRenderer = /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL: the engine will say so.
  }
  return softwareRenderer;
}
let softwareRenderer: boolean | null = null;
