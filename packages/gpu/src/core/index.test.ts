/** Snapshots of the public export lists of @prism/gpu, @prism/gpu/onnx and @prism/gpu/node. */
import * as core from '@prism/gpu'
import * as node from '@prism/gpu/node'
import * as onnx from '@prism/gpu/onnx'
import { describe, expect, it } from 'vitest'

describe('@prism/gpu exports', () => {
  it('core', () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "AiChainClosedError",
        "AiChainInvalidError",
        "AiStageFailedError",
        "FrameSizeInvalidError",
        "ModelChain",
        "ModelLoadFailedError",
        "ModelParamInvalidError",
        "ModelSha256MismatchError",
        "ModelSha256RequiredError",
        "ModelSignatureInvalidError",
        "ModelUnknownError",
        "SSIM_STEP",
        "SSIM_WINDOW",
        "checkImageSignature",
        "i420Size",
        "i420ToNchw",
        "loadModel",
        "nchwSize",
        "nchwToI420",
        "nchwToRgb24",
        "planeSsim",
        "psnr",
        "resolveParams",
        "rgb24Size",
        "rgb24ToNchw",
        "ssim",
        "validateChainSpec",
      ]
    `)
  })
  it('onnx', () => {
    expect(Object.keys(onnx).sort()).toMatchInlineSnapshot(`
      [
        "BLUR_MAX_RADIUS",
        "BUILTIN_MODELS",
        "DEFAULT_OPSET",
        "EMBOSS_KERNEL",
        "GraphBuilder",
        "IMAGE_INPUT",
        "IMAGE_OUTPUT",
        "PENCIL_BLUR",
        "RGB24_INPUT",
        "RGB24_OUTPUT",
        "SEPIA_MATRIX",
        "SHARPEN_BLUR",
        "SOBEL",
        "TOON_EDGE_GAIN",
        "TOON_EDGE_OFFSET",
        "WRAPPED_INPUT",
        "WRAPPED_OUTPUT",
        "attr",
        "blur",
        "decodeModel",
        "elementTypeCode",
        "emboss",
        "grade",
        "inspectModel",
        "listBuiltinModels",
        "nchwToRgb24Nodes",
        "pencil",
        "pixelate",
        "rgb24ToNchwNodes",
        "sepia",
        "sharpen",
        "toon",
        "wrapModelRange",
        "wrapModelRgb24",
      ]
    `)
  })
  it('node', () => {
    expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
      [
        "MAX_MODEL_BYTES",
        "createNodeRuntime",
        "fetchModelBytes",
        "wrapNodeSession",
      ]
    `)
  })
})
