import type { ReactNode } from 'react'

/** The drawer's tabs. */
export type DrawerTab = 'funds' | 'orchestrators' | 'payments' | 'verification' | 'charts'

const TABS: { id: DrawerTab; title: string }[] = [
  { id: 'funds', title: 'Funds' },
  { id: 'orchestrators', title: 'Orchestrators' },
  { id: 'payments', title: 'Payments' },
  { id: 'verification', title: 'Verification' },
  { id: 'charts', title: 'Charts' },
]

/** Props of {@link Drawer}. */
export type DrawerProps = {
  /** The open tab; undefined = closed. */
  tab: DrawerTab | undefined
  onTab: (tab: DrawerTab | undefined) => void
  /** The content of each tab. */
  children: Record<DrawerTab, ReactNode>
}

/**
 * The details drawer on the right: funds, orchestrators, payments, verification and charts, one
 * click from the studio. Every tab stays mounted while hidden, so its state and live values keep
 * updating.
 */
export function Drawer({ tab, onTab, children }: DrawerProps) {
  return (
    <>
      {tab && (
        <button type="button" className="scrim" aria-label="Close details" onClick={() => onTab(undefined)} />
      )}
      <aside
        className={`drawer${tab ? ' open' : ''}`}
        data-testid="drawer"
        data-tab={tab ?? ''}
        aria-hidden={!tab}
      >
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className={tab === t.id ? 'active' : ''}
              data-testid={`drawer-tab-${t.id}`}
              onClick={() => onTab(t.id)}
            >
              {t.title}
            </button>
          ))}
          <button
            type="button"
            className="ghost close"
            data-testid="drawer-close"
            onClick={() => onTab(undefined)}
          >
            ✕
          </button>
        </div>
        {TABS.map((t) => (
          <div key={t.id} className="tab-body" hidden={tab !== t.id} data-testid={`drawer-${t.id}`}>
            {children[t.id]}
          </div>
        ))}
      </aside>
    </>
  )
}
