// Entry point of the bundled server (dist/server.js): start unconditionally.
import { startServer } from './server';

startServer();
