import QRCode from 'qrcode'
import { useEffect, useState } from 'preact/hooks'
import { appPath, siteRoot } from '../../shared/base'
import { badgeSnippets } from './repoInput'

function CopyField({ label, value, name }: { label: string; value: string; name: string }) {
  const [isCopied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard.writeText(value)
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <div class="q-copy" data-snippet={name}>
      <span class="q-copy-label">{label}</span>
      <code class="q-copy-value">{value}</code>
      <button type="button" class="q-copy-button" onClick={() => void copy()}>
        {isCopied ? 'Copied' : 'Copy'}
      </button>
    </div>
  )
}

/** The generated link, its badge snippets with copy buttons, and a QR code for a projector. */
export function LinkOutput({ link, packCommand }: { link: string; packCommand?: string }) {
  const [qr, setQr] = useState('')
  useEffect(() => {
    let isCurrent = true
    QRCode.toDataURL(link, { margin: 1, width: 220, errorCorrectionLevel: 'M' }).then(
      (url) => isCurrent && setQr(url),
      () => isCurrent && setQr(''),
    )
    return () => {
      isCurrent = false
    }
  }, [link])
  const s = badgeSnippets(link, siteRoot())
  return (
    <section class="q-output" aria-label="Your Quire link">
      <div class="q-output-text">
        <CopyField label="Link" value={link} name="link" />
        <CopyField label="Markdown" value={s.markdown} name="markdown" />
        <CopyField label="reStructuredText" value={s.rst} name="rst" />
        <CopyField label="HTML" value={s.html} name="html" />
        {/* For a class on a network that blocks outside hosts: everything served from this site. */}
        {packCommand && <CopyField label="Class pack" value={packCommand} name="pack" />}
        <p class="q-badge-preview">
          Badge: <img src={appPath('/badge_logo.svg')} alt="Open in Quire" />
        </p>
      </div>
      {qr && <img class="q-qr" src={qr} width={220} height={220} alt={`QR code for ${link}`} />}
    </section>
  )
}
