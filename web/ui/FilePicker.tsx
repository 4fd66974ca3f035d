/** "Load scenario": pick a scenario JSON file; it opens in the editor (undoable) and runs. */
import { loading } from '../state/twin';
import { openScenarioFile } from '../state/session';

export function FilePicker() {
  const onChange = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) await openScenarioFile(file);
    input.value = ''; // choosing the same file again loads it again
  };
  return (
    <div class="file-picker">
      <input
        id="scenario-file"
        data-testid="scenario-file"
        class="visually-hidden"
        type="file"
        accept=".json,application/json"
        onChange={onChange}
        disabled={loading.value}
      />
      <label for="scenario-file" class="button">
        Load scenario
      </label>
    </div>
  );
}
