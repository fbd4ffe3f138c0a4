/**
 * The node's only door to the chain (viem): TicketBroker, RoundsManager, BondingManager and
 * ServiceRegistry reads and writes for payments, settlement, reward and registration. Works the
 * same on the `dev` network (anvil) and on `arbitrum-one`.
 *
 * Every failure is a typed error: CHAIN_REVERT (with the revert string in `reason`),
 * CHAIN_RPC_UNAVAILABLE, CHAIN_TX_TIMEOUT, CHAIN_ACCOUNT_MISSING or CHAIN_REQUEST_FAILED.
 * Writes from one client are serialized, so concurrent calls never clash on nonces.
 */
import {
  bondingManagerAbi,
  roundsManagerAbi,
  serviceRegistryAbi,
  ticketAuxData,
  ticketBrokerAbi,
} from '@prism/protocol'
import {
  type Abi,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type LocalAccount,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type {
  BatchRedeemResult,
  ChainClientOptions,
  RedeemableTicket,
  RedeemResult,
  RegisterTranscoderParameters,
  RewardResult,
  RoundInfo,
  SenderFunds,
  SenderInfo,
  TranscoderInfo,
  TxResult,
} from './ChainClientTypes.ts'
import { ChainAccountMissingError, ChainRevertError, ChainRpcUnavailableError } from './errors.ts'
import { RoundWatcher, type RoundWatcherOptions } from './RoundWatcher.ts'
import { toChainError } from './toChainError.ts'
import { toViemChain } from './viemChain.ts'

/** The TicketBroker tuple for a ticket: auxData = u256(creationRound) ‖ creationRoundBlockHash. */
function toContractTicket(t: RedeemableTicket) {
  return {
    recipient: t.recipient,
    sender: t.sender,
    faceValue: t.faceValue,
    winProb: t.winProb,
    senderNonce: t.senderNonce,
    recipientRandHash: t.recipientRandHash,
    auxData: ticketAuxData(t.creationRound, t.creationRoundBlockHash),
  }
}

/**
 * Chain client of a Prism node.
 *
 * @example
 * const client = new ChainClient({ network: getNetwork('dev', deployment), account: privateKey })
 * const { amount } = await client.redeemWinningTicket({ ...ticket, sig, recipientRand })
 */
export class ChainClient {
  /** The network this client talks to. */
  readonly network: ChainClientOptions['network']
  /** JSON-RPC endpoint. */
  readonly rpcUrl: string
  /** viem public client (reads). */
  readonly publicClient: PublicClient
  /** The signing account's address, if any. */
  readonly address: Address | undefined
  private readonly wallet: WalletClient<Transport, Chain, LocalAccount> | undefined
  private readonly pollingIntervalMs: number
  private readonly receiptTimeoutMs: number
  private writeQueue: Promise<unknown> = Promise.resolve()

  constructor(opts: ChainClientOptions) {
    this.network = opts.network
    const rpcUrl = opts.rpcUrl ?? opts.network.rpcUrl
    if (!rpcUrl)
      throw new ChainRpcUnavailableError('(none)', new Error(`no RPC URL for ${opts.network.name}`))
    this.rpcUrl = rpcUrl
    this.pollingIntervalMs = opts.pollingIntervalMs ?? (opts.network.name === 'dev' ? 200 : 1000)
    this.receiptTimeoutMs = opts.receiptTimeoutMs ?? 120_000
    const chain = toViemChain(opts.network, rpcUrl)
    const transport = http(rpcUrl, { retryCount: 1, timeout: 15_000 })
    this.publicClient = createPublicClient({ chain, transport, pollingInterval: this.pollingIntervalMs })
    if (opts.account) {
      const account = typeof opts.account === 'string' ? privateKeyToAccount(opts.account) : opts.account
      this.wallet = createWalletClient({ account, chain, transport, pollingInterval: this.pollingIntervalMs })
      this.address = account.address
    } else {
      this.address = undefined
    }
  }

  // ---- basic reads ----

  /** Latest block number. */
  getBlockNumber(): Promise<bigint> {
    return this.guard('eth_blockNumber', () => this.publicClient.getBlockNumber({ cacheTime: 0 }))
  }

  /** Suggested gas price in wei. */
  getGasPrice(): Promise<bigint> {
    return this.guard('eth_gasPrice', () => this.publicClient.getGasPrice())
  }

  /** ETH balance of `addr` (default: own address) in wei. */
  getBalance(addr?: Address): Promise<bigint> {
    return this.guard('eth_getBalance', () =>
      this.publicClient.getBalance({ address: this.who(addr, 'getBalance') }),
    )
  }

  // ---- TicketBroker reads ----

  /** TicketBroker.getSenderInfo(sender): deposit, withdrawRound and reserve. */
  async getSenderInfo(sender: Address): Promise<SenderInfo> {
    const [info, reserve] = await this.read<
      readonly [
        { deposit: bigint; withdrawRound: bigint },
        { fundsRemaining: bigint; claimedInCurrentRound: bigint },
      ]
    >(ticketBrokerAbi, 'ticketBroker', 'getSenderInfo', [sender])
    return {
      deposit: info.deposit,
      withdrawRound: info.withdrawRound,
      reserve: {
        fundsRemaining: reserve.fundsRemaining,
        claimedInCurrentRound: reserve.claimedInCurrentRound,
      },
    }
  }

  /** TicketBroker.claimableReserve(sender, claimant): what `claimant` may still take this round. */
  claimableReserve(sender: Address, claimant?: Address): Promise<bigint> {
    return this.read(ticketBrokerAbi, 'ticketBroker', 'claimableReserve', [
      sender,
      this.who(claimant, 'claimableReserve'),
    ])
  }

  /** TicketBroker.claimedReserve(sender, claimant): what `claimant` took this round. */
  claimedReserve(sender: Address, claimant?: Address): Promise<bigint> {
    return this.read(ticketBrokerAbi, 'ticketBroker', 'claimedReserve', [
      sender,
      this.who(claimant, 'claimedReserve'),
    ])
  }

  /** TicketBroker.usedTickets(hash). */
  isUsedTicket(ticketHash: Hex): Promise<boolean> {
    return this.read(ticketBrokerAbi, 'ticketBroker', 'usedTickets', [ticketHash])
  }

  /** TicketBroker.getTicketHash(ticket), computed by the contract. */
  getTicketHash(ticket: RedeemableTicket | Omit<RedeemableTicket, 'sig' | 'recipientRand'>): Promise<Hex> {
    return this.read(ticketBrokerAbi, 'ticketBroker', 'getTicketHash', [
      toContractTicket({ ...ticket, sig: '0x', recipientRand: 0n }),
    ])
  }

  /**
   * A sender's funds as this orchestrator sees them (docs/protocol.md §2.4): reserve allocation, max
   * float and available funds, given `pendingAmount` (face value of redemptions in flight).
   *
   * @example
   * const { maxFloat } = await client.getSenderFunds(sender, { pendingAmount: 0n })
   */
  async getSenderFunds(
    sender: Address,
    opts: { pendingAmount?: bigint; recipient?: Address } = {},
  ): Promise<SenderFunds> {
    const recipient = this.who(opts.recipient, 'getSenderFunds')
    const pending = opts.pendingAmount ?? 0n
    const [info, poolSize, claimedReserve] = await Promise.all([
      this.getSenderInfo(sender),
      this.getTranscoderPoolSize(),
      this.claimedReserve(sender, recipient),
    ])
    let reserveAlloc = 0n
    if (poolSize > 0n) {
      const share = (info.reserve.fundsRemaining + info.reserve.claimedInCurrentRound) / poolSize
      reserveAlloc = share > claimedReserve ? share - claimedReserve : 0n
    }
    const depositCoversPending = pending > 0n && info.deposit >= 3n * pending
    const floatLeft = reserveAlloc - pending
    const maxFloat = depositCoversPending ? reserveAlloc : floatLeft > 0n ? floatLeft : 0n
    const available = reserveAlloc + info.deposit - pending
    return {
      ...info,
      poolSize,
      claimedReserve,
      reserveAlloc,
      maxFloat,
      availableFunds: available > 0n ? available : 0n,
    }
  }

  /** Max float for `sender` (docs/protocol.md §2.4); see {@link getSenderFunds}. */
  async getMaxFloat(sender: Address, pendingAmount = 0n): Promise<bigint> {
    return (await this.getSenderFunds(sender, { pendingAmount })).maxFloat
  }

  // ---- TicketBroker writes ----

  /**
   * Redeems one winning ticket and waits for the receipt.
   *
   * @throws ChainRevertError (`CHAIN_REVERT`) with the contract's revert string, e.g. `ticket is used`.
   */
  async redeemWinningTicket(ticket: RedeemableTicket): Promise<RedeemResult> {
    const receipt = await this.write(ticketBrokerAbi, 'ticketBroker', 'redeemWinningTicket', [
      toContractTicket(ticket),
      ticket.sig,
      ticket.recipientRand,
    ])
    const transfers = parseEventLogs({
      abi: ticketBrokerAbi,
      logs: receipt.logs,
      eventName: 'WinningTicketTransfer',
    })
    return { ...txResult(receipt), amount: transfers.reduce((sum, l) => sum + l.args.amount, 0n) }
  }

  /**
   * Redeems several tickets in one transaction; a failing ticket is skipped, not reverted.
   * `redeemed[i]` tells which went through (matched on the WinningTicketRedeemed events).
   */
  async batchRedeemWinningTickets(tickets: RedeemableTicket[]): Promise<BatchRedeemResult> {
    const receipt = await this.write(
      ticketBrokerAbi,
      'ticketBroker',
      'batchRedeemWinningTickets',
      [tickets.map(toContractTicket), tickets.map((t) => t.sig), tickets.map((t) => t.recipientRand)],
      undefined,
      // Failing tickets do not revert, so gas estimation would settle on a limit at which the inner
      // redemptions run out of gas: give each ticket the network's redeemGas instead.
      100_000n + this.network.redeemGas * BigInt(tickets.length),
    )
    const logs = parseEventLogs({ abi: ticketBrokerAbi, logs: receipt.logs })
    const redeemed = tickets.map(() => false)
    const amounts = tickets.map(() => 0n)
    let pendingTransfer: bigint | undefined
    for (const log of logs) {
      if (log.eventName === 'WinningTicketTransfer') pendingTransfer = log.args.amount
      if (log.eventName !== 'WinningTicketRedeemed') continue
      const i = tickets.findIndex(
        (t, j) =>
          !redeemed[j] &&
          t.sender.toLowerCase() === log.args.sender.toLowerCase() &&
          t.recipient.toLowerCase() === log.args.recipient.toLowerCase() &&
          t.senderNonce === log.args.senderNonce &&
          t.recipientRand === log.args.recipientRand &&
          t.faceValue === log.args.faceValue,
      )
      if (i >= 0) {
        redeemed[i] = true
        amounts[i] = pendingTransfer ?? 0n
      }
      pendingTransfer = undefined
    }
    return { ...txResult(receipt), redeemed, amounts }
  }

  /** Adds msg.value to the caller's deposit. */
  async fundDeposit(amount: bigint): Promise<TxResult> {
    return txResult(await this.write(ticketBrokerAbi, 'ticketBroker', 'fundDeposit', [], amount))
  }

  /** Adds msg.value to the caller's reserve. */
  async fundReserve(amount: bigint): Promise<TxResult> {
    return txResult(await this.write(ticketBrokerAbi, 'ticketBroker', 'fundReserve', [], amount))
  }

  /** Funds the caller's deposit and reserve. */
  async fundDepositAndReserve(deposit: bigint, reserve: bigint): Promise<TxResult> {
    const args = [deposit, reserve] as const
    return txResult(
      await this.write(ticketBrokerAbi, 'ticketBroker', 'fundDepositAndReserve', args, deposit + reserve),
    )
  }

  /** Funds `addr`'s deposit and reserve from this account. */
  async fundDepositAndReserveFor(addr: Address, deposit: bigint, reserve: bigint): Promise<TxResult> {
    const args = [addr, deposit, reserve] as const
    return txResult(
      await this.write(ticketBrokerAbi, 'ticketBroker', 'fundDepositAndReserveFor', args, deposit + reserve),
    )
  }

  /** Starts the unlock period of the caller's deposit and reserve. */
  async unlock(): Promise<TxResult> {
    return txResult(await this.write(ticketBrokerAbi, 'ticketBroker', 'unlock', []))
  }

  /** Cancels a pending unlock. */
  async cancelUnlock(): Promise<TxResult> {
    return txResult(await this.write(ticketBrokerAbi, 'ticketBroker', 'cancelUnlock', []))
  }

  /** Withdraws deposit and reserve after the unlock period. */
  async withdraw(): Promise<TxResult> {
    return txResult(await this.write(ticketBrokerAbi, 'ticketBroker', 'withdraw', []))
  }

  // ---- rounds ----

  /** RoundsManager.currentRound(). */
  getCurrentRound(): Promise<bigint> {
    return this.read(roundsManagerAbi, 'roundsManager', 'currentRound', [])
  }

  /** RoundsManager.lastInitializedRound(). */
  getLastInitializedRound(): Promise<bigint> {
    return this.read(roundsManagerAbi, 'roundsManager', 'lastInitializedRound', [])
  }

  /** RoundsManager.currentRoundInitialized(). */
  isCurrentRoundInitialized(): Promise<boolean> {
    return this.read(roundsManagerAbi, 'roundsManager', 'currentRoundInitialized', [])
  }

  /** RoundsManager.blockHashForRound(round); the zero hash for a round never initialized. */
  blockHashForRound(round: bigint): Promise<Hex> {
    return this.read(roundsManagerAbi, 'roundsManager', 'blockHashForRound', [round])
  }

  /** All round state in one go (reads are issued together). */
  async getRoundInfo(): Promise<RoundInfo> {
    const [blockNumber, currentRound, lastInitializedRound, currentRoundStartBlock, roundLength] =
      await Promise.all([
        this.getBlockNumber(),
        this.getCurrentRound(),
        this.getLastInitializedRound(),
        this.read<bigint>(roundsManagerAbi, 'roundsManager', 'currentRoundStartBlock', []),
        this.read<bigint>(roundsManagerAbi, 'roundsManager', 'roundLength', []),
      ])
    return {
      blockNumber,
      currentRound,
      lastInitializedRound,
      currentRoundInitialized: currentRound === lastInitializedRound,
      currentRoundStartBlock,
      roundLength,
      lastInitializedBlockHash: await this.blockHashForRound(lastInitializedRound),
    }
  }

  /** Initializes the current round (anyone may). */
  async initializeRound(): Promise<TxResult> {
    return txResult(await this.write(roundsManagerAbi, 'roundsManager', 'initializeRound', []))
  }

  /**
   * Starts polling the round state; see {@link RoundWatcher} for its events.
   *
   * @example
   * const w = client.watchRounds({ intervalMs: 500 })
   * w.on('initialized', (info) => rewardService.handleNewRound(info))
   */
  watchRounds(opts: RoundWatcherOptions = {}): RoundWatcher {
    return new RoundWatcher(
      () => this.getRoundInfo(),
      (err) => toChainError(err, 'watchRounds', this.rpcUrl),
      opts.intervalMs ?? this.pollingIntervalMs,
    )
  }

  // ---- BondingManager ----

  /** BondingManager.isActiveTranscoder(addr) (default: own address). */
  isActiveTranscoder(addr?: Address): Promise<boolean> {
    return this.read(bondingManagerAbi, 'bondingManager', 'isActiveTranscoder', [
      this.who(addr, 'isActiveTranscoder'),
    ])
  }

  /** BondingManager.getTranscoderPoolSize(). */
  getTranscoderPoolSize(): Promise<bigint> {
    return this.read(bondingManagerAbi, 'bondingManager', 'getTranscoderPoolSize', [])
  }

  /** The transcoder pool in order (largest stake first), walking getFirst/getNextTranscoderInPool. */
  async getTranscoderPool(): Promise<Address[]> {
    const pool: Address[] = []
    let cur = await this.read<Address>(bondingManagerAbi, 'bondingManager', 'getFirstTranscoderInPool', [])
    while (cur !== '0x0000000000000000000000000000000000000000' && pool.length < 1000) {
      pool.push(cur)
      cur = await this.read(bondingManagerAbi, 'bondingManager', 'getNextTranscoderInPool', [cur])
    }
    return pool
  }

  /** BondingManager.getTranscoder(addr) on Prism's contracts (default: own address). */
  async getTranscoder(addr?: Address): Promise<TranscoderInfo> {
    return this.read(bondingManagerAbi, 'bondingManager', 'getTranscoder', [this.who(addr, 'getTranscoder')])
  }

  /**
   * Calls reward() for this orchestrator and returns the minted amount.
   *
   * @throws ChainRevertError with `caller must be an active transcoder` or
   *   `caller has already called reward for the current round`.
   */
  async reward(): Promise<RewardResult> {
    const receipt = await this.write(bondingManagerAbi, 'bondingManager', 'reward', [])
    const logs = parseEventLogs({ abi: bondingManagerAbi, logs: receipt.logs, eventName: 'Reward' })
    return { ...txResult(receipt), amount: logs.reduce((s, l) => s + l.args.amount, 0n) }
  }

  /**
   * Registers this account as an orchestrator on Prism's dev contracts: bond (self, free stake),
   * set reward cut and fee share, and optionally the service URI. Active from the next round.
   * (On arbitrum-one bonding needs LPT and an approval first; this helper targets the dev chain.)
   */
  async registerTranscoder(params: RegisterTranscoderParameters): Promise<TxResult> {
    const self = this.who(undefined, 'registerTranscoder')
    await this.write(bondingManagerAbi, 'bondingManager', 'bond', [params.stake, self])
    const receipt = await this.write(bondingManagerAbi, 'bondingManager', 'transcoder', [
      params.rewardCut ?? 100_000n,
      params.feeShare ?? 500_000n,
    ])
    if (params.serviceUri !== undefined) return this.setServiceURI(params.serviceUri)
    return txResult(receipt)
  }

  // ---- ServiceRegistry ----

  /** ServiceRegistry.getServiceURI(addr) (default: own address); empty string when unset. */
  getServiceURI(addr?: Address): Promise<string> {
    return this.read(serviceRegistryAbi, 'serviceRegistry', 'getServiceURI', [
      this.who(addr, 'getServiceURI'),
    ])
  }

  /** ServiceRegistry.setServiceURI(uri) for this account. */
  async setServiceURI(uri: string): Promise<TxResult> {
    return txResult(await this.write(serviceRegistryAbi, 'serviceRegistry', 'setServiceURI', [uri]))
  }

  // ---- plumbing ----

  private who(addr: Address | undefined, functionName: string): Address {
    const a = addr ?? this.address
    if (!a) throw new ChainAccountMissingError(functionName)
    return a
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      throw toChainError(err, what, this.rpcUrl)
    }
  }

  private read<T>(
    abi: Abi,
    contract: keyof ChainClientOptions['network']['contracts'],
    functionName: string,
    args: readonly unknown[],
  ): Promise<T> {
    const address = this.network.contracts[contract]
    return this.guard(
      functionName,
      () => this.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>,
    )
  }

  /** Simulates (to surface the revert string), sends, and waits for a successful receipt. */
  private write<A extends Abi>(
    abi: A,
    contract: keyof ChainClientOptions['network']['contracts'],
    functionName: string,
    args: readonly unknown[],
    value?: bigint,
    gas?: bigint,
  ): Promise<TransactionReceipt> {
    const wallet = this.wallet
    if (!wallet) return Promise.reject(new ChainAccountMissingError(functionName))
    const address = this.network.contracts[contract]
    const run = async (): Promise<TransactionReceipt> => {
      const receipt = await this.guard(functionName, async () => {
        const { request } = await this.publicClient.simulateContract({
          account: wallet.account,
          address,
          abi: abi as Abi,
          functionName,
          args,
          ...(value === undefined ? {} : { value }),
          ...(gas === undefined ? {} : { gas }),
        } as never)
        const hash = await wallet.writeContract(request as never)
        return this.publicClient.waitForTransactionReceipt({ hash, timeout: this.receiptTimeoutMs })
      })
      if (receipt.status !== 'success')
        throw new ChainRevertError({ reason: 'transaction failed', functionName })
      return receipt
    }
    const result = this.writeQueue.then(run, run)
    this.writeQueue = result.catch(() => undefined)
    return result
  }
}

function txResult(receipt: TransactionReceipt): TxResult {
  return {
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
  }
}
