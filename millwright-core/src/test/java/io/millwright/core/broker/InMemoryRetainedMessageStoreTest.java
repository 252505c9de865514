package io.millwright.core.broker;

class InMemoryRetainedMessageStoreTest extends RetainedMessageStoreContract {

    @Override
    protected RetainedMessageStore newStore() {
        return new InMemoryRetainedMessageStore();
    }
}
