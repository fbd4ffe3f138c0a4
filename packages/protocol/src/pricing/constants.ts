import { type Rational, rational } from '../math/rational.ts'

/**
 * go-livepeer's `pixelEstimateMultiplier` 1.02 as the float64 it is: exactly
 * 2296835809958953 / 2251799813685248 (docs/protocol.md §5.2).
 */
export const PIXEL_ESTIMATE_MULTIPLIER: Rational = rational(2296835809958953n, 2251799813685248n)

/** Default `-ticketEV`: 8e9 wei. */
export const DEFAULT_TICKET_EV = 8_000_000_000n
/** Default tx-cost multiplier: faceValue = 100 × redeem tx cost. */
export const DEFAULT_TX_COST_MULTIPLIER = 100n
/** EV multiplier used when 100 × txCost is below the EV. */
export const DEFAULT_EV_MULTIPLIER = 100n
/** go-livepeer's hard-coded average gas price (3 gwei) for the faceValue floor. */
export const AVG_GAS_PRICE = 3_000_000_000n
/** Redeem gas on Arbitrum One. */
export const REDEEM_GAS_ARBITRUM = 1_200_000n
/** Redeem gas on L1. */
export const REDEEM_GAS_L1 = 350_000n
/** Ticket params lifetime in L1 blocks. */
export const TICKET_PARAMS_LIFETIME_BLOCKS = 40n
/** Price scaling of the auto-adjusted price: 3 decimals. */
export const PRICE_SCALING_FACTOR = 1000n
/** Live AI billing: nominal 1280 × 720 × 30 pixels per second (docs/protocol.md §8.4). */
export const LIVE_PIXELS_PER_SECOND = 27_648_000n
/** Default gateway max ticket EV (wei). */
export const DEFAULT_MAX_TICKET_EV = 3_000_000_000_000n
/** Default gateway max total EV per payment (wei). */
export const DEFAULT_MAX_TOTAL_EV = 20_000_000_000_000n
