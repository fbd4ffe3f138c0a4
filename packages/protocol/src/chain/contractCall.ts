/**
 * The plumbing under the chain actions: a typed contract read and a serialized contract write
 * (simulate, send, wait for a successful receipt), each failure mapped to a typed chain error.
 */
import type {
  Abi,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  Hex,
  TransactionReceipt,
} from 'viem'
import type { ChainClient, ChainContracts } from './client.ts'
import { ChainAccountMissingError, ChainContractMissingError, ChainRevertError } from './errors.ts'
import { toChainError } from './toChainError.ts'

/** Outcome of a mined write. */
export type ChainTxResult = {
  txHash: Hex
  blockNumber: bigint
  gasUsed: bigint
  /** Wei per gas actually paid (gasUsed × effectiveGasPrice = fee). */
  effectiveGasPrice: bigint
}

/** The client's JSON-RPC endpoint, for error messages. */
export function rpcUrlOf(client: ChainClient): string {
  const url = (client.public.transport as { url?: unknown }).url
  return typeof url === 'string' ? url : (client.public.chain?.rpcUrls.default.http[0] ?? '(unknown)')
}

/**
 * Runs `fn` and maps what it throws with {@link toChainError}.
 *
 * @example
 * const block = await guardChainCall(client, 'eth_blockNumber', () => client.public.getBlockNumber())
 */
export async function guardChainCall<T>(client: ChainClient, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw toChainError(err, what, rpcUrlOf(client))
  }
}

type ReadName<abi extends Abi> = ContractFunctionName<abi, 'pure' | 'view'>
type WriteName<abi extends Abi> = ContractFunctionName<abi, 'nonpayable' | 'payable'>

/**
 * Reads a view function of one of the client's contracts.
 *
 * @example
 * const round = await readChainContract(client, { contract: 'roundsManager', abi: roundsManagerAbi, functionName: 'currentRound' })
 */
export function readChainContract<
  const abi extends Abi,
  functionName extends ReadName<abi>,
  const args extends ContractFunctionArgs<abi, 'pure' | 'view', functionName>,
>(
  client: ChainClient,
  params: { contract: keyof ChainContracts; abi: abi; functionName: functionName; args?: args },
): Promise<ContractFunctionReturnType<abi, 'pure' | 'view', functionName, args>> {
  const { contract, abi, functionName, args } = params
  const address = client.contracts[contract]
  if (!address) return Promise.reject(new ChainContractMissingError('the chain client', contract))
  return guardChainCall(
    client,
    functionName,
    () =>
      client.public.readContract({ address, abi, functionName, args } as never) as Promise<
        ContractFunctionReturnType<abi, 'pure' | 'view', functionName, args>
      >,
  )
}

const writeQueues = new WeakMap<object, Promise<unknown>>()

/**
 * Sends a transaction to one of the client's contracts from the wallet's account: simulates it
 * first (to surface the revert string), sends it, and waits for a successful receipt. Writes of
 * one wallet client run one at a time, so concurrent calls never clash on nonces.
 *
 * @throws ChainAccountMissingError (`CHAIN_ACCOUNT_MISSING`) without a wallet account;
 *   ChainRevertError (`CHAIN_REVERT`) on a revert or a mined status-0 transaction.
 * @example
 * const receipt = await writeChainContract(client, { contract: 'bondingManager', abi: bondingManagerAbi, functionName: 'reward' })
 */
export function writeChainContract<const abi extends Abi, functionName extends WriteName<abi>>(
  client: ChainClient,
  params: {
    contract: keyof ChainContracts
    abi: abi
    functionName: functionName
    args?: ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>
    value?: bigint
    gas?: bigint
  },
): Promise<TransactionReceipt> {
  const { contract, abi, functionName, args, value, gas } = params
  const wallet = client.wallet
  const account = wallet?.account
  if (!wallet || !account) return Promise.reject(new ChainAccountMissingError(functionName))
  const address = client.contracts[contract]
  if (!address) return Promise.reject(new ChainContractMissingError('the chain client', contract))
  const run = async (): Promise<TransactionReceipt> => {
    const receipt = await guardChainCall(client, functionName, async () => {
      const { request } = await client.public.simulateContract({
        account,
        address,
        abi,
        functionName,
        args,
        ...(value === undefined ? {} : { value }),
        ...(gas === undefined ? {} : { gas }),
      } as never)
      const hash = await wallet.writeContract({
        ...(request as object),
        chain: wallet.chain ?? client.public.chain ?? null,
      } as never)
      return client.public.waitForTransactionReceipt({ hash, timeout: client.receiptTimeoutMs ?? 120_000 })
    })
    if (receipt.status !== 'success')
      throw new ChainRevertError({ reason: 'transaction failed', functionName })
    return receipt
  }
  const queued = writeQueues.get(wallet) ?? Promise.resolve()
  const result = queued.then(run, run)
  writeQueues.set(
    wallet,
    result.catch(() => undefined),
  )
  return result
}

/** The {@link ChainTxResult} of a receipt. */
export function txResult(receipt: TransactionReceipt): ChainTxResult {
  return {
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
  }
}
