import { BaseError } from './base.ts'

/** Thrown when a hex string is not `0x` followed by an even number of hex digits. */
export class HexInvalidError extends BaseError {
  override name = 'HexInvalidError'
  constructor(value: string, what = 'value') {
    super('HEX_INVALID', `${what} is not valid 0x-prefixed hex`, {
      details: JSON.stringify(value).slice(0, 80),
    })
  }
}

/** Thrown when an integer does not fit the field it is encoded into (e.g. a uint256). */
export class ValueOutOfRangeError extends BaseError {
  override name = 'ValueOutOfRangeError'
  constructor(value: bigint, what: string, max: bigint) {
    super('VALUE_OUT_OF_RANGE', `${what} out of range`, { details: `${value} is not in [0, ${max}]` })
  }
}

/** Thrown for a rational with a zero denominator or other impossible arithmetic. */
export class RationalInvalidError extends BaseError {
  override name = 'RationalInvalidError'
  constructor(reason: string) {
    super('RATIONAL_INVALID', `invalid rational: ${reason}`)
  }
}

/** Union of the encoding errors. */
export type EncodingErrorType = HexInvalidError | ValueOutOfRangeError | RationalInvalidError
