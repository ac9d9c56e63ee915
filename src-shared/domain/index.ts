// The shared domain model: enums, actors, time helpers.
export * from './enums';
export * from './actor';
export * from './time';
export * from './telemetry';
export * from './inventory';
export * from './bands';
