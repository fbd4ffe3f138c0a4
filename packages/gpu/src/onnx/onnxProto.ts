/**
 * The one seam to the `onnx-proto` package (protobufjs-generated ONNX messages). `onnx-proto` is
 * CommonJS; its namespace is reached through the default import so that it loads in Node and in
 * bundlers alike.
 */
import onnxProtoPackage from 'onnx-proto'

/** The generated `onnx` protobuf namespace (ModelProto, GraphProto, NodeProto, TensorProto…). */
export const onnx = onnxProtoPackage.onnx

/** Type namespace of the generated messages. */
export type { onnx as OnnxTypes } from 'onnx-proto'
