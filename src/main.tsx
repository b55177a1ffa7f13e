import { render } from 'preact'
import { App } from './ui/App'
import './ui/app.css'

render(<App />, document.getElementById('app')!)
