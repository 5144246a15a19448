// An analysis worker of the CLI (a worker thread). It holds a Workspace with every file's text, probes its share
// of the files, lints the groups of stores it is given and checks them against the other groups' definitions.
// Parsed trees never leave it: only plain results go back (see protocol.ts).
import { parentPort, type MessagePort } from 'worker_threads';
import { definedNames, nameConflicts, ownsStore } from '../../engine-old/partition';
import { Workspace, type FileProbe } from '../../engine-old/workspace';
import type { FileReport, FromWorker, ToWorker } from './protocol';

function start(port: MessagePort): void {
  const ws = new Workspace();
  const reported = new Set<string>();
  let split = { common: '', keys: new Set<string>() };

  const reply = (m: FromWorker): void => {
    port.postMessage(m);
  };

  let probed: [string, FileProbe][] = [];
  const handle = (m: ToWorker): FromWorker | undefined => {
    switch (m.t) {
      case 'add': {
        for (const [path, text] of m.files) ws.setFile(path, text);
        if (m.probe) for (const [path] of m.files) probed.push([path, ws.probe(path)!]);
        return undefined;
      }
      case 'probes': {
        const probes = probed;
        probed = [];
        return { t: 'probed', probes };
      }
      case 'analyse': {
        if (m.probes) ws.setProbes(m.probes);
        if (m.split) split = { common: m.split.common, keys: new Set(m.split.keys) };
        const groups = m.groups.map((g) => {
          const r = ws.groupParts(g.seeds, { limits: m.limits }, (file) => ownsStore(split.common, g.keys, split.keys, file));
          return { id: g.id, ...r };
        });
        ws.read(m.read);
        const files: FileReport[] = [];
        const fresh = ws.files().filter((p) => !reported.has(p) && ws.factsOf(p));
        const parts = ws.fileParts(fresh);
        for (const path of fresh) {
          reported.add(path);
          files.push({ path, defined: definedNames(ws.factsOf(path)!), directives: parts.directives.get(path) ?? [], parseNotes: parts.parseNotes.get(path) ?? [] });
        }
        return { t: 'analysed', groups, files };
      }
      case 'check': {
        const defs = new Map(m.defs);
        const conflicts = m.groups.map((g) => ({ id: g.id, files: nameConflicts(g.closure, defs, (f) => ws.text(f)) })).filter((c) => c.files.length);
        return { t: 'checked', conflicts };
      }
    }
  };

  let failure: string | undefined; // of a message that has no answer: given with the next answer
  port.on('message', (m: ToWorker) => {
    if (failure !== undefined) {
      if (m.t !== 'add') reply({ t: 'error', message: failure });
      return;
    }
    try {
      const answer = handle(m);
      if (answer) reply(answer);
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      if (m.t === 'add') failure = message;
      else reply({ t: 'error', message });
    }
  });
  reply({ t: 'ready' });
}

if (parentPort) start(parentPort);
