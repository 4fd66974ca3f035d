/** "Load scenario": pick a scenario JSON file; its text goes to the worker for validation. */
import { loadScenarioFile, loading } from '../state/twin';

export function FilePicker() {
  const onChange = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) await loadScenarioFile(file);
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
