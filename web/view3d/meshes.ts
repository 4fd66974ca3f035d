/**
 * Template meshes of the 3D view, each built once and drawn with thin instances. Geometry is in
 * Babylon local coordinates with the twin's axes swapped as coords.ts says (local X = twin x,
 * Y = twin z (up), Z = twin y), sized so that an instance's matrix carries its real size:
 *   - node templates: a 1 × 1 footprint, base on the floor (y = 0), height 1;
 *   - unit boxes centred on the origin (belts, parts, selection);
 *   - a unit-height cylinder along Y centred on the origin (robot links between two points);
 *   - a capsule 1 long and 0.5 across along local Z = twin local y (humanoid links: their capsule
 *     axis is the link's local y, engine/physics/humanoid-body.ts).
 */
import type { Scene } from '@babylonjs/core/scene';
import { Matrix } from '@babylonjs/core/Maths/math.vector';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import { CreateBoxVertexData } from '@babylonjs/core/Meshes/Builders/boxBuilder';
import { CreateCylinderVertexData } from '@babylonjs/core/Meshes/Builders/cylinderBuilder';
import { CreateCapsuleVertexData } from '@babylonjs/core/Meshes/Builders/capsuleBuilder';
import { CreateSphereVertexData } from '@babylonjs/core/Meshes/Builders/sphereBuilder';
import type { NodeTemplate } from './palette';

function meshOf(name: string, data: VertexData, scene: Scene): Mesh {
  const mesh = new Mesh(name, scene);
  data.applyToMesh(mesh, false);
  return mesh;
}

/** A box of the given size whose base centre is at (x, y, z) (Babylon local coordinates). */
function boxOn(x: number, y: number, z: number, w: number, h: number, d: number): VertexData {
  const data = CreateBoxVertexData({ width: w, height: h, depth: d });
  data.transform(Matrix.Translation(x, y + h / 2, z));
  return data;
}

function merged(parts: VertexData[]): VertexData {
  const [first, ...rest] = parts;
  first.merge(rest, true);
  return first;
}

function nodeGeometry(template: NodeTemplate): VertexData {
  switch (template) {
    case 'manual': {
      // A workbench: a top and four legs.
      const leg = 0.06, top = 0.08, inset = 0.5 - leg / 2 - 0.02;
      const parts = [boxOn(0, 1 - top, 0, 1, top, 1)];
      for (const sx of [-1, 1]) for (const sz of [-1, 1]) parts.push(boxOn(sx * inset, 0, sz * inset, leg, 1 - top, leg));
      return merged(parts);
    }
    case 'source': {
      const data = CreateCylinderVertexData({ height: 1, diameter: 1, tessellation: 6 });
      data.transform(Matrix.Translation(0, 0.5, 0));
      return data;
    }
    case 'sink': {
      const data = CreateCylinderVertexData({ height: 1, diameterTop: 1, diameterBottom: 0.8, tessellation: 20 });
      data.transform(Matrix.Translation(0, 0.5, 0));
      return data;
    }
    case 'buffer': {
      // A rack: a base, a shelf and four posts.
      const post = 0.05;
      const parts = [boxOn(0, 0, 0, 1, 0.1, 1), boxOn(0, 0.55, 0, 1, 0.06, 1), boxOn(0, 0.94, 0, 1, 0.06, 1)];
      for (const sx of [-1, 1]) for (const sz of [-1, 1]) parts.push(boxOn(sx * (0.5 - post / 2), 0, sz * (0.5 - post / 2), post, 1, post));
      return merged(parts);
    }
    case 'robot':
    case 'machine':
    default:
      return boxOn(0, 0, 0, 1, 1, 1);
  }
}

/** Height drawn for each node template, metres (its template is 1 high). */
export const TEMPLATE_HEIGHT_M: Readonly<Record<NodeTemplate, number>> = {
  machine: 1.6,
  manual: 0.9,
  robot: 0.12,
  buffer: 0.6,
  source: 1.0,
  sink: 0.8,
};

export function createNodeTemplate(template: NodeTemplate, scene: Scene): Mesh {
  return meshOf(`node-${template}`, nodeGeometry(template), scene);
}

export function createUnitBox(name: string, scene: Scene): Mesh {
  return meshOf(name, CreateBoxVertexData({ size: 1 }), scene);
}

export function createUnitCylinder(name: string, scene: Scene): Mesh {
  return meshOf(name, CreateCylinderVertexData({ height: 1, diameter: 1, tessellation: 10 }), scene);
}

export function createUnitBall(name: string, scene: Scene): Mesh {
  return meshOf(name, CreateSphereVertexData({ diameter: 1, segments: 6 }), scene);
}

/** Capsule axis along local Z (twin local y): 1 long overall, 0.5 across. */
export function createLinkCapsule(name: string, scene: Scene): Mesh {
  const data = CreateCapsuleVertexData({ height: 1, radius: 0.25, tessellation: 10, capSubdivisions: 3, subdivisions: 1 });
  data.transform(Matrix.RotationX(Math.PI / 2));
  return meshOf(name, data, scene);
}

/** A floor-level outline frame of a 1 × 1 footprint (the selection marker), 1 high. */
export function createSelectionFrame(name: string, scene: Scene): Mesh {
  const bar = 0.06;
  const parts = [
    boxOn(0, 0, -0.5 + bar / 2, 1, 1, bar), boxOn(0, 0, 0.5 - bar / 2, 1, 1, bar),
    boxOn(-0.5 + bar / 2, 0, 0, bar, 1, 1 - 2 * bar), boxOn(0.5 - bar / 2, 0, 0, bar, 1, 1 - 2 * bar),
  ];
  return meshOf(name, merged(parts), scene);
}
