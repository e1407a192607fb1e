import nock from 'nock';
import { afterEach } from 'vitest';

// Tests never reach the internet; loopback stays open for servers the tests start themselves.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

afterEach(() => {
  nock.cleanAll();
});
