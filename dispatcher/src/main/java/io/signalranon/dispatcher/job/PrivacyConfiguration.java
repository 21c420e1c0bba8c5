package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.delivery.PendingSendRepository;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.ingest.SkippedRowRepository;
import io.signalranon.dispatcher.membership.MembershipStore;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.operate.Forget;
import io.signalranon.dispatcher.operate.ForgetFileRepository;
import io.signalranon.dispatcher.operate.ForgetFiles;
import io.signalranon.dispatcher.privacy.ForgetKey;
import io.signalranon.dispatcher.privacy.ForgottenIdRepository;
import io.signalranon.dispatcher.privacy.ForgottenIds;
import io.signalranon.dispatcher.privacy.PrivacyProperties;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.dispatcher.target.UserTablesRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Forgetting visitors: the forgotten ids and their key, {@code forget}, and the forget lists of a run. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyConfiguration {

    @Bean
    public ForgottenIds forgottenIds(
            JdbcTemplate jdbcTemplate, PrivacyProperties privacy, Environment environment, Clock clock) {
        String url = environment.getProperty("spring.datasource.url", "");
        Supplier<ForgetKey> key = memoized(() -> PrivacyProperties.inMemory(url)
                        && (privacy.forgetKey() == null || privacy.forgetKey().isBlank())
                ? ForgetKey.of(SecureRandom.getSeed(ForgetKey.MIN_BYTES))
                : ForgetKey.resolve(privacy.forgetKey(), PrivacyProperties.keyFile(url)));
        return new ForgottenIds(new ForgottenIdRepository(jdbcTemplate), key, clock);
    }

    @Bean
    public Forget forget(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            MembershipStore membershipStore,
            JdbcTemplate jdbcTemplate,
            DispatchTargetRepository dispatchTargetRepository,
            OfferSentRepository offerSentRepository,
            FailedSendRepository failedSendRepository,
            PendingSendRepository pendingSendRepository,
            SkippedRowRepository skippedRowRepository,
            ForgottenIds forgottenIds) {
        return new Forget(
                jobRepository,
                BatchNames.DISPATCH_JOB,
                new TransactionTemplate(transactionManager),
                new Forget.Tables(
                        membershipStore,
                        new UserTablesRepository(jdbcTemplate),
                        dispatchTargetRepository,
                        offerSentRepository,
                        failedSendRepository,
                        pendingSendRepository,
                        skippedRowRepository),
                forgottenIds);
    }

    @Bean
    public ForgetFiles forgetFiles(Forget forget, JdbcTemplate jdbcTemplate, Clock clock) {
        return new ForgetFiles(forget, new ForgetFileRepository(jdbcTemplate), clock);
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile @Nullable T value;

            @Override
            public synchronized T get() {
                T current = value;
                if (current == null) {
                    current = supplier.get();
                    value = current;
                }
                return current;
            }
        };
    }
}
