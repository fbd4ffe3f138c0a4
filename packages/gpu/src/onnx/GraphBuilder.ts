/**
 * A small ONNX graph builder: declares inputs, outputs, constant initializers and nodes, and
 * serialises a valid `ModelProto` through the protobufjs messages of `onnx-proto` (no hand-written
 * varints). The opset is always explicit.
 */
import { type OnnxTypes, onnx } from './onnxProto.ts'

/** A typed attribute value; build them with {@link attr}. */
export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'float'; value: number }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }

/** Helpers that make typed {@link AttributeValue}s (ONNX distinguishes INT from FLOAT attributes). */
export const attr = {
  /** An INT attribute. @example attr.int(1) */
  int: (value: number): AttributeValue => ({ kind: 'int', value }),
  /** An INTS attribute. @example attr.ints([3, 3]) */
  ints: (value: readonly number[]): AttributeValue => ({ kind: 'ints', value }),
  /** A FLOAT attribute. @example attr.float(0.5) */
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
  /** A FLOATS attribute. @example attr.floats([0.1, 0.2]) */
  floats: (value: readonly number[]): AttributeValue => ({ kind: 'floats', value }),
  /** A STRING attribute. @example attr.string('edge') */
  string: (value: string): AttributeValue => ({ kind: 'string', value }),
}

/** Element types the builder declares for graph inputs/outputs and constants. */
export type ElementType = 'float' | 'int64' | 'uint8'

/** A dimension: a fixed size or a symbolic name (dynamic). */
export type Dim = number | string

/** Options of {@link GraphBuilder}. */
export type GraphBuilderOptions = {
  /** Graph and model name. */
  name: string
  /** Opset of the default ONNX domain. Default: 17. */
  opset?: number
  /** ONNX IR version written in the model. Default: 8 (what onnx-proto describes). */
  irVersion?: number
  /** Free-text model description (`doc_string`). Default: none. */
  docString?: string
  /**
   * Prefix of every generated value and node name (see {@link GraphBuilder.fresh}), so that a
   * piece built here can be spliced into another model without name clashes. Default: none.
   */
  namePrefix?: string
}

/** Options of {@link GraphBuilder.conv}: every attribute is written explicitly (WebGPU needs them). */
export type ConvOptions = {
  /** Kernel [height, width]. */
  kernel: readonly [number, number]
  /** Pads [top, left, bottom, right]. Default: [0, 0, 0, 0]. */
  pads?: readonly [number, number, number, number]
  /** Strides. Default: [1, 1]. */
  strides?: readonly [number, number]
  /** Dilations. Default: [1, 1]. */
  dilations?: readonly [number, number]
  /** Groups (3 for a per-channel depthwise conv on RGB). Default: 1. */
  group?: number
  /** Optional bias tensor name. Default: none. */
  bias?: string
}

const ELEM: Record<ElementType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  uint8: onnx.TensorProto.DataType.UINT8,
}

/** The ONNX `TensorProto.DataType` code of an element type (e.g. for Cast's `to`). */
export function elementTypeCode(type: ElementType): number {
  return ELEM[type]
}

/** Default opset of the built-in models. */
export const DEFAULT_OPSET = 17

/**
 * Builds one ONNX model.
 *
 * @example
 * const g = new GraphBuilder({ name: 'double', opset: 17 })
 * const x = g.input('input', [1, 3, 'height', 'width'])
 * g.output(g.node('Mul', [x, g.constant([2], [])]), 'output', [1, 3, 'height', 'width'])
 * const bytes: Uint8Array = g.toBytes()
 */
export class GraphBuilder {
  readonly name: string
  readonly opset: number
  private readonly irVersion: number
  private readonly docString: string
  private readonly namePrefix: string
  private readonly inputs: OnnxTypes.IValueInfoProto[] = []
  private readonly outputs: OnnxTypes.IValueInfoProto[] = []
  private readonly initializers: OnnxTypes.ITensorProto[] = []
  private readonly nodes: OnnxTypes.INodeProto[] = []
  private counter = 0

  constructor(options: GraphBuilderOptions) {
    this.name = options.name
    this.opset = options.opset ?? DEFAULT_OPSET
    this.irVersion = options.irVersion ?? 8
    this.docString = options.docString ?? ''
    this.namePrefix = options.namePrefix ?? ''
  }

  /** A fresh value name with the given prefix (after the builder's `namePrefix`). */
  fresh(prefix: string): string {
    this.counter += 1
    return `${this.namePrefix}${prefix}_${this.counter}`
  }

  /**
   * Declares a graph input.
   *
   * @param name Input name as the runtime sees it.
   * @param dims Shape; strings are symbolic (dynamic) dimensions, `[]` is a scalar.
   * @returns The value name (same as `name`).
   */
  input(name: string, dims: readonly Dim[], type: ElementType = 'float'): string {
    this.inputs.push(valueInfo(name, dims, type))
    return name
  }

  /**
   * Declares a graph output, renaming `value` to `name` through an Identity node when they differ.
   *
   * @returns The output name.
   */
  output(value: string, name: string, dims: readonly Dim[], type: ElementType = 'float'): string {
    if (value !== name)
      this.nodes.push({
        opType: 'Identity',
        input: [value],
        output: [name],
        name: `${this.namePrefix}out_${name}`,
      })
    this.outputs.push(valueInfo(name, dims, type))
    return name
  }

  /**
   * Adds a constant initializer.
   *
   * @param values Values in row-major order.
   * @param dims Shape (`[]` for a scalar).
   * @returns The value name.
   */
  constant(
    values: ArrayLike<number>,
    dims: readonly number[],
    type: ElementType = 'float',
    name?: string,
  ): string {
    const id = name ?? this.fresh('const')
    const count = dims.reduce((a, b) => a * b, 1)
    if (values.length !== count)
      throw new RangeError(`constant ${id}: ${values.length} values for shape [${dims}]`)
    const tensor: OnnxTypes.ITensorProto = { name: id, dims: [...dims], dataType: ELEM[type] }
    if (type === 'float') tensor.floatData = Array.from(values)
    else if (type === 'uint8')
      tensor.int32Data = Array.from(values) // ONNX stores uint8 in int32_data
    else tensor.int64Data = Array.from(values)
    this.initializers.push(tensor)
    return id
  }

  /**
   * Adds a node.
   *
   * @param opType ONNX operator, e.g. `Conv`.
   * @param inputs Input value names (`''` for an omitted optional input).
   * @param attributes Typed attributes (see {@link attr}).
   * @param outputCount Number of outputs. Default: 1.
   * @returns The output value names.
   */
  nodeMulti(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    outputCount = 1,
  ): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.fresh(opType.toLowerCase()))
    this.nodes.push({
      opType,
      name: this.fresh(`n_${opType}`),
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attributes).map(([name, value]) => attributeProto(name, value)),
    })
    return outputs
  }

  /** Adds a single-output node and returns its output name. @see nodeMulti */
  node(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}): string {
    return this.nodeMulti(opType, inputs, attributes, 1)[0]!
  }

  /**
   * Adds a 2-D `Conv` with all of kernel_shape, strides, dilations, pads and group written out.
   *
   * @example
   * const y = g.conv(x, weights, { kernel: [3, 3], pads: [1, 1, 1, 1], group: 3 })
   */
  conv(x: string, weights: string, options: ConvOptions): string {
    const inputs = options.bias ? [x, weights, options.bias] : [x, weights]
    return this.node('Conv', inputs, {
      kernel_shape: attr.ints(options.kernel),
      strides: attr.ints(options.strides ?? [1, 1]),
      dilations: attr.ints(options.dilations ?? [1, 1]),
      pads: attr.ints(options.pads ?? [0, 0, 0, 0]),
      group: attr.int(options.group ?? 1),
    })
  }

  /** The `ModelProto` message (not yet serialised). */
  toModelProto(): OnnxTypes.ModelProto {
    return onnx.ModelProto.create({
      irVersion: this.irVersion,
      producerName: 'prism',
      producerVersion: '1',
      docString: this.docString,
      opsetImport: [{ domain: '', version: this.opset }],
      graph: {
        name: this.name,
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
        node: this.nodes,
      },
    })
  }

  /** Serialises the model to ONNX protobuf bytes. */
  toBytes(): Uint8Array {
    return onnx.ModelProto.encode(this.toModelProto()).finish()
  }
}

function valueInfo(name: string, dims: readonly Dim[], type: ElementType): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }
}

function attributeProto(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType
  switch (value.kind) {
    case 'int':
      return { name, type: T.INT, i: value.value }
    case 'ints':
      return { name, type: T.INTS, ints: [...value.value] }
    case 'float':
      return { name, type: T.FLOAT, f: value.value }
    case 'floats':
      return { name, type: T.FLOATS, floats: [...value.value] }
    case 'string':
      return { name, type: T.STRING, s: Uint8Array.from(value.value, (c) => c.charCodeAt(0) & 0xff) }
  }
}
