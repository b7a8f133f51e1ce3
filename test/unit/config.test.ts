import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The ConfigError `load` throws; fails the test when it throws nothing (or something else). */
function configErrorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the configuration to be refused, but it loaded');
}

describe('config', () => {
  it('has embedded defaults', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined,
      warehouse: { databaseUrl: undefined, syncEvery: '5 minutes' },
      dataDir: path.resolve('data'),
      port: 3000,
      publicUrl: 'http://localhost:3000',
      host: '0.0.0.0',
      logLevel: 'info',
      jobs: true,
      retentionDays: 30,
      slack: undefined,
      telegram: undefined,
      discord: undefined,
      gemini: undefined,
      coach: { rateLimitPerHour: 30, dailyTokenBudget: 100_000, timeoutMs: 10_000 },
    });
  });

  it('takes the warehouse settings, hides ANALYTICS_DATABASE_URL and refuses a bad sync interval', () => {
    expect(
      loadConfig({ ANALYTICS_DATABASE_URL: 'postgresql://a@h/w', WAREHOUSE_SYNC_EVERY: '1 minute' })
        .warehouse,
    ).toEqual({ databaseUrl: 'postgresql://a@h/w', syncEvery: '1 minute' });
    expect(
      configErrorOf(() =>
        loadConfig({ ANALYTICS_DATABASE_URL: 'mysql://secret', WAREHOUSE_SYNC_EVERY: 'often' }),
      ).problems,
    ).toEqual([
      'ANALYTICS_DATABASE_URL: must be a postgres:// or postgresql:// URL (value hidden)',
      'WAREHOUSE_SYNC_EVERY: must read like "5 minutes"',
    ]);
  });

  it('takes PUBLIC_URL without its trailing slash, defaults it to the port, and refuses non-URLs', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://stride.example.org/' }).publicUrl).toBe(
      'https://stride.example.org',
    );
    expect(configErrorOf(() => loadConfig({ PUBLIC_URL: 'ftp://x.test' })).problems).toEqual([
      'PUBLIC_URL: must be an http:// or https:// URL without a query or fragment',
    ]);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
  });

  it('takes REDIS_URL (redis:// or rediss://, with a database index) and hides a bad one', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://localhost:6379' }).redis).toEqual({
      url: 'redis://localhost:6379',
      keyPrefix: 'stride:',
    });
    expect(
      loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380/2', REDIS_KEY_PREFIX: 'team-a:' }).redis,
    ).toEqual({ url: 'rediss://:pw@cache.internal:6380/2', keyPrefix: 'team-a:' });
    const refused = configErrorOf(() =>
      loadConfig({ REDIS_URL: 'http://:hunter2@cache:6379', REDIS_KEY_PREFIX: 'has space' }),
    );
    expect(refused.message).not.toContain('hunter2');
    expect(refused.problems).toEqual([
      expect.stringMatching(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL.*\(value hidden\)$/),
      'REDIS_KEY_PREFIX: must be 1-64 characters of A-Z, a-z, 0-9, _, :, . and -',
    ]);
    expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379/db' })).toThrow(/REDIS_URL/);
  });

  it('turns the jobs off with JOBS=off and refuses other values', () => {
    expect(loadConfig({ JOBS: 'off' }).jobs).toBe(false);
    expect(loadConfig({ RETENTION_DAYS: '7' }).retentionDays).toBe(7);
    expect(() => loadConfig({ JOBS: 'maybe', RETENTION_DAYS: '0' })).toThrow(/JOBS: .*\n.*RETENTION_DAYS: /);
  });

  it('switches platforms on by their credentials, and asks for the pieces that go together', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      TELEGRAM_BOT_TOKEN: '123:abc',
    });
    expect(config.slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
      appToken: undefined,
      apiUrl: undefined,
    });
    expect(config.telegram?.botToken).toBe('123:abc');
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: is required/);
    expect(() =>
      loadConfig({ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_URL: 'https://x.test/telegram/webhook' }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    const refused = configErrorOf(() =>
      loadConfig({ SLACK_BOT_TOKEN: 'not-a-token-but-secret', GEMINI_API_KEY: '' }),
    );
    expect(refused.problems).toEqual([
      'SLACK_BOT_TOKEN: must start with xoxb- (value hidden)',
      'SLACK_SIGNING_SECRET: is required with SLACK_BOT_TOKEN (value hidden)',
    ]);
    expect(refused.message).not.toContain('not-a-token-but-secret');
  });

  it('switches Discord on with a token and an application id, and checks their shapes', () => {
    const token = 'MTEwMDAw.GhIjKl.abc_DEF-123';
    expect(
      loadConfig({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: '1100000000000000001' }).discord,
    ).toEqual({
      token,
      applicationId: '1100000000000000001',
      guildId: undefined,
      apiUrl: undefined,
    });
    expect(
      loadConfig({
        DISCORD_TOKEN: token,
        DISCORD_APPLICATION_ID: '1100000000000000001',
        DISCORD_GUILD_ID: '1100000000000000100',
        DISCORD_API_URL: 'http://127.0.0.1:9000/api',
      }).discord,
    ).toMatchObject({ guildId: '1100000000000000100', apiUrl: 'http://127.0.0.1:9000/api' });

    const refused = configErrorOf(() =>
      loadConfig({ DISCORD_TOKEN: 'pasted-client-secret', DISCORD_GUILD_ID: 'my-server' }),
    );
    expect(refused.problems).toEqual([
      'DISCORD_TOKEN: must be a bot token (three parts joined by dots) (value hidden)',
      'DISCORD_GUILD_ID: must be a Discord id (digits)',
      'DISCORD_APPLICATION_ID: is required with DISCORD_TOKEN',
    ]);
    expect(refused.message).not.toContain('pasted-client-secret');
    expect(configErrorOf(() => loadConfig({ DISCORD_TOKEN: token })).problems).toEqual([
      'DISCORD_APPLICATION_ID: is required with DISCORD_TOKEN',
    ]);
    expect(configErrorOf(() => loadConfig({ DISCORD_GUILD_ID: '1100000000000000100' })).problems).toEqual([
      'DISCORD_TOKEN: is required with DISCORD_GUILD_ID (value hidden)',
    ]);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: '', SLACK_BOT_TOKEN: '', GEMINI_API_KEY: '' });
    expect(config).toMatchObject({ databaseUrl: undefined, port: 3000, slack: undefined, gemini: undefined });
  });

  it('lists every problem and hides secret values', () => {
    const { problems, message } = configErrorOf(() =>
      loadConfig({ DATABASE_URL: 'redis://u:s3cret@h', PORT: '70000', LOG_LEVEL: 'x' }),
    );
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['DATABASE_URL', 'PORT', 'LOG_LEVEL']);
    expect(message).not.toContain('s3cret');
  });

  describe('Snowflake', () => {
    const snowflake = {
      SNOWFLAKE_ACCOUNT: 'myorg-myaccount',
      SNOWFLAKE_USERNAME: 'stride',
      SNOWFLAKE_PASSWORD: 'hunter2-snowflake',
      SNOWFLAKE_DATABASE: 'STRIDE',
      SNOWFLAKE_SCHEMA: 'analytics',
      SNOWFLAKE_WAREHOUSE: 'COMPUTE_WH',
    };

    it('is off unless SNOWFLAKE_ACCOUNT is set', () => {
      expect(loadConfig({}).warehouse.snowflake).toBeUndefined();
    });

    it('switches the warehouse to Snowflake with a password', () => {
      expect(
        loadConfig({
          ...snowflake,
          SNOWFLAKE_ROLE: 'STRIDE_SYNC',
          SNOWFLAKE_ACCESS_URL: 'http://127.0.0.1:9000',
        }).warehouse.snowflake,
      ).toEqual({
        account: 'myorg-myaccount',
        username: 'stride',
        auth: { kind: 'password', password: 'hunter2-snowflake' },
        database: 'STRIDE',
        schema: 'analytics',
        warehouse: 'COMPUTE_WH',
        role: 'STRIDE_SYNC',
        accessUrl: 'http://127.0.0.1:9000',
      });
    });

    it('takes a key pair instead: a PEM with its \\n escapes read as line breaks, or a file', () => {
      const { SNOWFLAKE_PASSWORD: _password, ...rest } = snowflake;
      const pem = '-----BEGIN ENCRYPTED PRIVATE KEY-----\\nMIIB\\n-----END ENCRYPTED PRIVATE KEY-----';
      expect(
        loadConfig({ ...rest, SNOWFLAKE_PRIVATE_KEY: pem, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'pass' })
          .warehouse.snowflake?.auth,
      ).toEqual({
        kind: 'key-pair',
        privateKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----',
        privateKeyPath: undefined,
        passphrase: 'pass',
      });
      expect(
        loadConfig({ ...rest, SNOWFLAKE_PRIVATE_KEY_PATH: '/run/secrets/snowflake.p8' }).warehouse.snowflake
          ?.auth,
      ).toMatchObject({ kind: 'key-pair', privateKeyPath: '/run/secrets/snowflake.p8' });
    });

    it('names every missing variable once SNOWFLAKE_ACCOUNT is set', () => {
      expect(configErrorOf(() => loadConfig({ SNOWFLAKE_ACCOUNT: 'myorg-myaccount' })).problems).toEqual([
        'SNOWFLAKE_USERNAME: is required with SNOWFLAKE_ACCOUNT',
        'SNOWFLAKE_DATABASE: is required with SNOWFLAKE_ACCOUNT',
        'SNOWFLAKE_SCHEMA: is required with SNOWFLAKE_ACCOUNT',
        'SNOWFLAKE_WAREHOUSE: is required with SNOWFLAKE_ACCOUNT',
        'SNOWFLAKE_PASSWORD: is required with SNOWFLAKE_ACCOUNT (or SNOWFLAKE_PRIVATE_KEY or SNOWFLAKE_PRIVATE_KEY_PATH for a key pair) (value hidden)',
      ]);
    });

    it('asks for SNOWFLAKE_ACCOUNT when other Snowflake settings are given without it', () => {
      expect(
        configErrorOf(() =>
          loadConfig({ SNOWFLAKE_USERNAME: 'stride', SNOWFLAKE_PASSWORD: 'hunter2-snowflake' }),
        ).problems,
      ).toEqual(['SNOWFLAKE_ACCOUNT: is required with SNOWFLAKE_USERNAME, SNOWFLAKE_PASSWORD']);
    });

    it('refuses two credentials, a bad shape and ANALYTICS_DATABASE_URL alongside, never printing a secret', () => {
      const refused = configErrorOf(() =>
        loadConfig({
          ...snowflake,
          SNOWFLAKE_PRIVATE_KEY: 'not-a-pem-but-secret',
          SNOWFLAKE_DATABASE: 'my database',
          SNOWFLAKE_ACCESS_URL: 'snowflake.internal',
        }),
      );
      expect(refused.problems).toEqual([
        'SNOWFLAKE_PRIVATE_KEY: must be a PEM private key (-----BEGIN PRIVATE KEY-----) (value hidden)',
        'SNOWFLAKE_DATABASE: must be a plain Snowflake name (letters, digits, _ and $)',
        'SNOWFLAKE_ACCESS_URL: must be an http:// or https:// URL, e.g. http://127.0.0.1:8080',
        'SNOWFLAKE_PRIVATE_KEY: set only one of SNOWFLAKE_PASSWORD, SNOWFLAKE_PRIVATE_KEY (value hidden)',
      ]);
      expect(refused.message).not.toContain('not-a-pem-but-secret');
      expect(refused.message).not.toContain('hunter2-snowflake');

      const twice = configErrorOf(() =>
        loadConfig({
          ...snowflake,
          SNOWFLAKE_PRIVATE_KEY_PATH: '/k.p8',
          ANALYTICS_DATABASE_URL: 'postgresql://u:pg-secret@h/w',
        }),
      );
      expect(twice.problems).toEqual([
        'SNOWFLAKE_PRIVATE_KEY_PATH: set only one of SNOWFLAKE_PASSWORD, SNOWFLAKE_PRIVATE_KEY_PATH',
        'ANALYTICS_DATABASE_URL: cannot be used with SNOWFLAKE_ACCOUNT: the warehouse is one or the other (value hidden)',
      ]);
      expect(twice.message).not.toMatch(/hunter2-snowflake|pg-secret/);
    });
  });
});
