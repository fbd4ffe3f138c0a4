/**
 * Graph snippets shared by the built-in models: image input/output declaration, edge padding,
 * depthwise convolutions, luma, clamping and blending.
 */
import { IMAGE_INPUT, IMAGE_OUTPUT } from '../BuiltinModelTypes.ts'
import { attr, GraphBuilder } from '../GraphBuilder.ts'

/** Rec. 601 luma weights used by every model that needs a grey level. */
export const LUMA = [0.299, 0.587, 0.114] as const

/** A graph with the image input declared; `finish()` declares the output and returns the bytes. */
export type ImageGraph = {
  g: GraphBuilder
  /** The image input value (NCHW, 1x3xHxW, [0, 1]). */
  x: string
  /** Declares a float scalar parameter input and returns its value name. */
  param(name: string): string
  /** Declares `value` as the image output and serialises the model. */
  finish(value: string): Uint8Array
}

/** Starts a built-in model graph with the standard image input. */
export function imageGraph(name: string, docString: string): ImageGraph {
  const g = new GraphBuilder({ name, docString })
  const x = g.input(IMAGE_INPUT, [1, 3, 'height', 'width'])
  return {
    g,
    x,
    param: (paramName) => g.input(paramName, []),
    finish: (value) => {
      g.output(value, IMAGE_OUTPUT, [1, 3, 'height', 'width'])
      return g.toBytes()
    },
  }
}

/** A float scalar constant. */
export function scalar(g: GraphBuilder, value: number): string {
  return g.constant([value], [])
}

/** Clamps to [lo, hi] (Clip with min/max inputs, opset >= 11). */
export function clip(g: GraphBuilder, x: string, lo = 0, hi = 1): string {
  return g.node('Clip', [x, scalar(g, lo), scalar(g, hi)])
}

/** `a + (b - a) * t`, broadcasting. */
export function lerp(g: GraphBuilder, a: string, b: string, t: string): string {
  return g.node('Add', [a, g.node('Mul', [g.node('Sub', [b, a]), t])])
}

/** Replicates the border: pads H by `ry` and W by `rx` on both sides (Pad mode `edge`). */
export function padEdge(g: GraphBuilder, x: string, ry: number, rx: number): string {
  if (ry === 0 && rx === 0) return x
  const pads = g.constant([0, 0, ry, rx, 0, 0, ry, rx], [8], 'int64')
  return g.node('Pad', [x, pads], { mode: attr.string('edge') })
}

/**
 * Per-channel 2-D convolution with a fixed kernel (odd sizes), border replicated, same size out.
 *
 * @param channels Channel count of `x` (3 for RGB, 1 for luma).
 * @param kernel Rows of the kernel.
 */
export function depthwise(
  g: GraphBuilder,
  x: string,
  kernel: readonly (readonly number[])[],
  channels = 3,
): string {
  const kh = kernel.length
  const kw = kernel[0]!.length
  const flat = kernel.flat()
  const weights = g.constant(Array.from({ length: channels }, () => flat).flat(), [channels, 1, kh, kw])
  const padded = padEdge(g, x, (kh - 1) / 2, (kw - 1) / 2)
  return g.conv(padded, weights, { kernel: [kh, kw], group: channels })
}

/** Luma of an RGB image: a 1x1 conv to one channel (1x1xHxW). */
export function luma(g: GraphBuilder, x: string): string {
  return g.conv(x, g.constant(LUMA, [1, 3, 1, 1]), { kernel: [1, 1] })
}
