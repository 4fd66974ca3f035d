/**
 * The scenario editor's UI (issue 5): mount Toolbar, Palette, Inspector (and optionally
 * IssuesPanel and RecoveredAlert); they all work on the page's documentStore unless given another.
 */
export { Toolbar, LoadErrorAlert, type ToolbarProps } from './Toolbar';
export { Palette, type PaletteProps } from './Palette';
export { Inspector, TYPE_LABELS, type InspectorProps } from './Inspector';
export { ScenarioPanel, type ScenarioPanelProps } from './ScenarioPanel';
export { IssuesPanel, type IssuesPanelProps } from './IssuesPanel';
export { RecoveredAlert } from './RecoveredAlert';
export { DistributionEditor, type DistributionEditorProps } from './DistributionEditor';
export { useUndoKeys, editorKeyAction, isTextEntry } from './keys';
export { downloadText, downloadDocument, loadFile, safeFileName } from './download';
