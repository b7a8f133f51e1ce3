import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('has embedded defaults', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined,
      dataDir: path.resolve('data'),
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });

  it('lists every problem and hides secret values', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'redis://u:s3cret@h', PORT: '70000', LOG_LEVEL: 'x' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const { problems, message } = error as ConfigError;
      expect(problems).toHaveLength(3);
      expect(message).not.toContain('s3cret');
    }
  });
});
