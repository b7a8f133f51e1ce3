/**
 * Proves the fake Gemini API against the real @google/genai SDK, and pins down how the SDK behaves
 * on answers, tool calls, HTTP errors, retries, timeouts and aborts: the coach relies on exactly this.
 */
import { ApiError, GoogleGenAI, type Content, type FunctionDeclaration } from '@google/genai';
import {
  declaredFunctions,
  functionResponses,
  generationConfig,
  lastUserText,
  replayedFunctionCalls,
  retryInfo,
  startFakeGemini,
  systemInstructionText,
  toolConfig,
  turn,
  type FakeGemini,
} from '../../fakes/gemini/index.js';

const model = 'gemini-2.5-flash';
const logHabit: FunctionDeclaration = {
  name: 'log_habit',
  description: 'Record that the member did a habit today.',
  parametersJsonSchema: {
    type: 'object',
    properties: { habit: { type: 'string' }, amount: { type: 'number' } },
    required: ['habit'],
  },
};
const config = {
  tools: [{ functionDeclarations: [logHabit] }],
  systemInstruction: 'You are Stride, a coach.',
};

/** Runs `call` and returns what it threw (failing if it did not throw). */
async function thrown(call: () => Promise<unknown>): Promise<any> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('fake Gemini API with the real SDK', () => {
  let fake: FakeGemini;
  let ai: GoogleGenAI;

  beforeEach(async () => {
    fake = await startFakeGemini();
    ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.baseUrl } });
  });

  afterEach(async () => {
    await fake.close();
  });

  describe('answers', () => {
    afterEach(() => fake.assertNoUnexpected());

    it('answers text, and records the model, key, user text, system instruction and tools', async () => {
      fake.script(turn.text('Nice run! Want me to log it?'));

      const response = await ai.models.generateContent({ model, contents: 'I ran 5 km today', config });

      expect(response.text).toBe('Nice run! Want me to log it?');
      expect(response.candidates?.[0]?.finishReason).toBe('STOP');
      expect(response.modelVersion).toBe(model);
      const usage = response.usageMetadata!;
      expect(usage.promptTokenCount).toBeGreaterThan(0);
      expect(usage.candidatesTokenCount).toBeGreaterThan(0);
      expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount!);

      const [request] = fake.requests;
      expect(request).toMatchObject({ rpc: 'generateContent', model, apiKey: 'test-key', status: 200 });
      expect(request!.headers['content-type']).toBe('application/json');
      expect(lastUserText(request!)).toBe('I ran 5 km today');
      expect(systemInstructionText(request!)).toBe('You are Stride, a coach.');
      expect(declaredFunctions(request!)).toEqual(['log_habit']);
      // The SDK sends declarations as given (camelCase parametersJsonSchema) and always a generationConfig.
      expect(request!.body.tools![0]!.functionDeclarations![0]).toEqual(logHabit);
      expect(generationConfig(request!)).toEqual({});
      expect(fake.pendingTurns()).toBe(0);
    });

    it('asks for a tool call, then answers the functionResponse the caller sends back', async () => {
      fake.script(turn.functionCall('log_habit', { habit: 'run', amount: 5 }), turn.text('Logged your run.'));
      const history: Content[] = [{ role: 'user', parts: [{ text: 'I ran 5 km today' }] }];

      const first = await ai.models.generateContent({ model, contents: history, config });
      expect(first.functionCalls).toEqual([{ name: 'log_habit', args: { habit: 'run', amount: 5 } }]);
      const call = first.functionCalls![0]!;

      history.push(first.candidates![0]!.content!, {
        role: 'user',
        parts: [{ functionResponse: { name: call.name, response: { ok: true, streak: 3 } } }],
      });
      const second = await ai.models.generateContent({ model, contents: history, config });

      expect(second.text).toBe('Logged your run.');
      expect(second.functionCalls).toBeUndefined();
      const followUp = fake.requests[1]!;
      expect(functionResponses(followUp)).toEqual([{ name: 'log_habit', response: { ok: true, streak: 3 } }]);
      expect(replayedFunctionCalls(followUp)).toEqual([
        { name: 'log_habit', args: { habit: 'run', amount: 5 } },
      ]);
      expect(lastUserText(followUp)).toBe('I ran 5 km today');
    });

    it('holds several calls in one turn', async () => {
      fake.script(
        turn.functionCall([
          { name: 'log_habit', args: { habit: 'run' } },
          { name: 'log_habit', args: { habit: 'read' }, id: 'call-2' },
        ]),
      );

      const response = await ai.models.generateContent({ model, contents: 'ran and read', config });

      expect(response.functionCalls).toEqual([
        { name: 'log_habit', args: { habit: 'run' } },
        { id: 'call-2', name: 'log_habit', args: { habit: 'read' } },
      ]);
    });

    it('lets a responder hold a conversation that depends on the request', async () => {
      fake.onRequest((request) => {
        const [result] = functionResponses(request);
        return result
          ? turn.text(`Done, streak ${String(result.response?.streak)}.`)
          : turn.functionCall('log_habit', { habit: lastUserText(request) ?? '' });
      });
      const contents: Content[] = [{ role: 'user', parts: [{ text: 'meditate' }] }];

      const first = await ai.models.generateContent({ model, contents, config });
      contents.push(first.candidates![0]!.content!, {
        role: 'user',
        parts: [{ functionResponse: { name: 'log_habit', response: { streak: 7 } } }],
      });
      const second = await ai.models.generateContent({ model, contents, config });

      expect(first.functionCalls?.[0]?.args).toEqual({ habit: 'meditate' });
      expect(second.text).toBe('Done, streak 7.');
    });

    it('answers JSON for responseMimeType application/json', async () => {
      fake.script(turn.json({ summary: 'Strong week', score: 82, tips: ['sleep earlier'] }));

      const response = await ai.models.generateContent({
        model,
        contents: 'Summarise my week',
        config: {
          responseMimeType: 'application/json',
          responseJsonSchema: { type: 'object', properties: { summary: { type: 'string' } } },
          temperature: 0.2,
        },
      });

      expect(JSON.parse(response.text!)).toEqual({
        summary: 'Strong week',
        score: 82,
        tips: ['sleep earlier'],
      });
      expect(generationConfig(fake.requests[0]!)).toEqual({
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object', properties: { summary: { type: 'string' } } },
        temperature: 0.2,
      });
    });

    it('sends toolConfig as given', async () => {
      fake.script(turn.functionCall('log_habit', { habit: 'run' }));
      const toolConfigSent = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['log_habit'] } };

      await ai.models.generateContent({
        model,
        contents: 'log it',
        config: { ...config, toolConfig: toolConfigSent as any },
      });

      expect(toolConfig(fake.requests[0]!)).toEqual(toolConfigSent);
    });

    it('answers after a delay that stays within the timeout', async () => {
      fake.script(turn.delay(50, turn.text('slow but fine')));

      const response = await ai.models.generateContent({
        model,
        contents: 'hi',
        config: { httpOptions: { timeout: 2000 } },
      });

      expect(response.text).toBe('slow but fine');
    });

    it('streams text as SSE chunks, usage on the last', async () => {
      fake.script(turn.text('Keep going, you are on a roll!'));

      const chunks = [];
      for await (const chunk of await ai.models.generateContentStream({ model, contents: 'hi' }))
        chunks.push(chunk);

      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.map((chunk) => chunk.text).join('')).toBe('Keep going, you are on a roll!');
      expect(chunks.at(-1)!.candidates![0]!.finishReason).toBe('STOP');
      expect(chunks.at(-1)!.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
      expect(fake.requests[0]).toMatchObject({ rpc: 'streamGenerateContent', status: 200 });
    });
  });

  describe('errors', () => {
    it.each([
      [429, 'RESOURCE_EXHAUSTED'],
      [500, 'INTERNAL'],
      [503, 'UNAVAILABLE'],
      [400, 'INVALID_ARGUMENT'],
    ])('surfaces %i as ApiError with that status, after a single request', async (code, status) => {
      fake.script(turn.error(code));

      const error = await thrown(() => ai.models.generateContent({ model, contents: 'hi', config }));

      expect(error).toBeInstanceOf(ApiError);
      expect(error.name).toBe('ApiError');
      expect(error.status).toBe(code);
      // The message is the error body, JSON-encoded: the status string and details are inside.
      expect(JSON.parse(error.message)).toEqual({
        error: { code, message: expect.any(String), status, details: [] },
      });
      expect(fake.requests).toHaveLength(1);
      fake.assertNoUnexpected();
    });

    it('carries RetryInfo details of a 429 in the message', async () => {
      fake.script(turn.error(429, undefined, 'Quota exceeded', [retryInfo(17)]));

      const error = await thrown(() => ai.models.generateContent({ model, contents: 'hi' }));

      expect(JSON.parse(error.message).error.details).toEqual([
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' },
      ]);
    });

    it('retries 429 and 5xx only when httpOptions.retryOptions is set', async () => {
      fake.script(turn.error(503), turn.error(429), turn.text('third time lucky'));
      const retrying = new GoogleGenAI({
        apiKey: 'test-key',
        httpOptions: {
          baseUrl: fake.baseUrl,
          retryOptions: { attempts: 3, initialDelay: 0.01, maxDelay: 0.02 },
        },
      });

      const response = await retrying.models.generateContent({ model, contents: 'hi' });

      expect(response.text).toBe('third time lucky');
      expect(fake.requests.map((request) => request.status)).toEqual([503, 429, 200]);
    });

    it('does not retry a 400 even with retryOptions', async () => {
      fake.script(turn.error(400), turn.text('never sent'));
      const retrying = new GoogleGenAI({
        apiKey: 'test-key',
        httpOptions: { baseUrl: fake.baseUrl, retryOptions: { attempts: 3, initialDelay: 0.01 } },
      });

      const error = await thrown(() => retrying.models.generateContent({ model, contents: 'hi' }));

      expect(error.status).toBe(400);
      expect(fake.requests).toHaveLength(1);
    });

    it('refuses a wrong API key with 400 API_KEY_INVALID, and a missing one with 403', async () => {
      const wrong = new GoogleGenAI({ apiKey: 'stolen-key', httpOptions: { baseUrl: fake.baseUrl } });
      const error = await thrown(() => wrong.models.generateContent({ model, contents: 'hi' }));
      expect(error.status).toBe(400);
      expect(JSON.parse(error.message).error.details[0].reason).toBe('API_KEY_INVALID');

      // Without an apiKey the SDK would reach for Google credentials, so the missing key goes by hand.
      const missing = await fetch(`${fake.baseUrl}/v1beta/models/${model}:generateContent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
      });
      expect(missing.status).toBe(403);
      expect(((await missing.json()) as any).error.status).toBe('PERMISSION_DENIED');
      expect(fake.requests.map((request) => request.apiKey)).toEqual(['stolen-key', undefined]);
    });

    it('answers 500 and records it as unexpected when the script is empty', async () => {
      const error = await thrown(() => ai.models.generateContent({ model, contents: 'hi' }));

      expect(error.status).toBe(500);
      expect(fake.unexpected).toEqual([
        expect.objectContaining({ status: 500, reason: expect.stringMatching(/no scripted turn/) }),
      ]);
      expect(() => fake.assertNoUnexpected()).toThrow(/unexpected/);
    });

    it('refuses, as the real API does, a tool-result turn that does not match the calls', async () => {
      const contents: Content[] = [
        { role: 'user', parts: [{ text: 'ran and read' }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'log_habit', args: {} } },
            { functionCall: { name: 'log_habit', args: {} } },
          ],
        },
        { role: 'user', parts: [{ functionResponse: { name: 'log_habit', response: { ok: true } } }] },
      ];

      const error = await thrown(() => ai.models.generateContent({ model, contents, config }));

      expect(error.status).toBe(400);
      expect(fake.unexpected[0]?.reason).toMatch(/number of function response parts/);
    });

    it('refuses unknown routes with 404 and records them', async () => {
      const response = await fetch(`${fake.baseUrl}/v1beta/models`, {
        headers: { 'x-goog-api-key': 'test-key' },
      });

      expect(response.status).toBe(404);
      expect(fake.unexpected).toEqual([expect.objectContaining({ method: 'GET', path: '/v1beta/models' })]);
      expect(fake.requests).toHaveLength(0);
    });

    it('surfaces a dead server as TypeError "fetch failed", not ApiError', async () => {
      const gone = await startFakeGemini();
      await gone.close();
      const client = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: gone.baseUrl } });

      const error = await thrown(() => client.models.generateContent({ model, contents: 'hi' }));

      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe('fetch failed');
      expect(error).not.toBeInstanceOf(ApiError);
    });
  });

  describe('hangs', () => {
    afterEach(() => fake.assertNoUnexpected());

    it('is cut by httpOptions.timeout with an AbortError, and the socket is really closed', async () => {
      fake.script(turn.hang());
      const started = Date.now();

      const error = await thrown(() =>
        ai.models.generateContent({ model, contents: 'hi', config: { httpOptions: { timeout: 200 } } }),
      );

      expect(Date.now() - started).toBeLessThan(2000);
      // In production this is fetch's DOMException; under jest the realm bridge rebuilds it as an
      // Error of the same name and message. Either way: match on `name`, not on the class.
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('AbortError');
      expect(error.message).toBe('This operation was aborted');
      expect(error).not.toBeInstanceOf(ApiError);
      // The SDK also tells the server its deadline, in whole seconds.
      expect(fake.requests[0]!.headers['x-server-timeout']).toBe('1');
      await until(() => fake.requests[0]!.aborted);
      expect(fake.requests[0]!.aborted).toBe(true);
      expect(fake.requests[0]!.status).toBeUndefined();
    });

    it('is cut by config.abortSignal, whose reason the SDK drops for a plain AbortError', async () => {
      fake.script(turn.hang());
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('member left')), 100);

      const error = await thrown(() =>
        ai.models.generateContent({ model, contents: 'hi', config: { abortSignal: controller.signal } }),
      );

      expect(error.name).toBe('AbortError');
      expect(error.message).toBe('This operation was aborted');
      await until(() => fake.requests[0]!.aborted);
      expect(fake.requests[0]!.aborted).toBe(true);
    });

    it('retries a timed-out attempt when retryOptions is set (timeout is per attempt)', async () => {
      fake.script(turn.hang(), turn.text('second attempt'));
      const retrying = new GoogleGenAI({
        apiKey: 'test-key',
        httpOptions: {
          baseUrl: fake.baseUrl,
          timeout: 200,
          retryOptions: { attempts: 2, initialDelay: 0.01 },
        },
      });

      const response = await retrying.models.generateContent({ model, contents: 'hi' });

      expect(response.text).toBe('second attempt');
      expect(fake.requests).toHaveLength(2);
    });

    it('is released by close() while still hanging', async () => {
      fake.script(turn.hang());
      const pending = thrown(() => ai.models.generateContent({ model, contents: 'hi' }));
      await until(() => fake.requests.length === 1);

      await fake.close();

      const error = await pending;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe('fetch failed');
    });
  });
});
