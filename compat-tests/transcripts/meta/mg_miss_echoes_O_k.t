# In 1.6.18 a miss echoes O and k (EN O123 kmiss1); other flags are dropped.
>>> mg miss1 v O123 k\r\n
<<< EN O123 kmiss1\r\n
>>> mg miss1 k\r\n
<<< EN kmiss1\r\n
>>> mg miss1 s c f t v O9\r\n
<<< EN O9\r\n
>>> mg miss1 O7 k b\r\n
<<< CLIENT_ERROR error decoding key\r\n
