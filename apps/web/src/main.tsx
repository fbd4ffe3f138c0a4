import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { loadWebNetwork } from './network/webNetwork.ts'
import { WalletProvider } from './wallet/WalletProvider.tsx'
import './styles.css'

const network = await loadWebNetwork()
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <WalletProvider network={network}>
      <App network={network} />
    </WalletProvider>
  </StrictMode>,
)
