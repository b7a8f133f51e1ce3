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
      slack: undefined,
      telegram: undefined,
      gemini: undefined,
      coach: { rateLimitPerHour: 30, dailyTokenBudget: 100_000, timeoutMs: 10_000 },
    });
  });

  it('switches platforms on by their credentials, and asks for the pieces that go together', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', TELEGRAM_BOT_TOKEN: '123:abc' });
    expect(config.slack).toEqual({ botToken: 'xoxb-1', signingSecret: 's', appToken: undefined, apiUrl: undefined });
    expect(config.telegram?.botToken).toBe('123:abc');
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: is required/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_URL: 'https://x.test/telegram/webhook' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'not-a-token-but-secret', GEMINI_API_KEY: '' });
    } catch (error) {
      expect((error as Error).message).not.toContain('not-a-token-but-secret');
    }
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
